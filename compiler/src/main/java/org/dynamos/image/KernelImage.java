package org.dynamos.image;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import org.dynamos.image.btf.FunctionPrototype;
import org.dynamos.image.btf.StructType;

/**
 * The compiler's read-only view of one kernel image (a vmlinux with symbols). Implemented by
 * {@link ElfKernelImage}; tests open tiny gcc-built ELF files through the same class.
 */
public interface KernelImage extends AutoCloseable {
    /** The exported symbol that non-exported addresses are expressed relative to. */
    String ANCHOR = "_printk";

    /** @return every symbol of the image, in symbol table order */
    List<KernelSymbol> symbols();

    /** @return all symbols with exactly this name (several for statics in several files), or none */
    List<KernelSymbol> symbols(String name);

    /** @return the names of all functions, sorted, without duplicates (for "did you mean" hints) */
    SortedSet<String> functionNames();

    /**
     * @return the other functions or objects at the same address and in the same section as
     *         {@code symbol} (for example {@code __x64_sys_getppid} and {@code __do_sys_getppid}),
     *         excluding {@code symbol} itself
     */
    List<KernelSymbol> aliases(KernelSymbol symbol);

    /** @return the anchor symbol {@value #ANCHOR}, if the image defines it exactly once */
    Optional<KernelSymbol> anchor();

    /**
     * @return the offset of the fentry call site inside {@code fn} (0 on x86-64 without IBT), or
     *         empty if the function has no fentry site (notrace) or the image records none
     */
    OptionalLong fentryOffset(KernelSymbol fn);

    /**
     * @return the prototype of function {@code function} from the image's BTF, with parameter names;
     *         empty if BTF lacks it (compiler-made clones such as {@code .isra.0} have none) or the
     *         image has no BTF
     */
    default Optional<FunctionPrototype> prototype(String function) {
        return btf().flatMap(b -> b.prototype(function));
    }

    /**
     * @return the struct or union with tag {@code name} from the image's BTF, with its members;
     *         empty if there is none (or only a forward declaration)
     */
    default Optional<StructType> struct(String name) {
        return btf().flatMap(b -> b.struct(name));
    }

    /** @return the typedef {@code name} from the image's BTF ({@code spinlock_t}), if any */
    default Optional<org.dynamos.image.btf.TypedefType> typedef(String name) {
        return btf().flatMap(b -> b.typedef(name));
    }

    /** @return the image's BTF (a module's: over the kernel's), parsed on first use; empty if it has none */
    Optional<org.dynamos.image.btf.Btf> btf();

    /**
     * @return the source path of the compile unit that defines {@code symbol}
     *         ({@code fs/proc/cmdline.c}), from DWARF; empty for data, for code no unit covers, or
     *         without DWARF ({@link KernelSymbol#fileName()} still has the basename of a local)
     */
    Optional<String> compileUnit(KernelSymbol symbol);

    /**
     * @return what DWARF says about the source function behind {@code function}: its declaration,
     *         {@code noreturn}, its other out-of-line copies and the functions it was inlined into
     */
    Optional<SourceFunction> sourceFunction(KernelSymbol function);

    /**
     * @return the source functions named {@code name} that the compiler only inlined (no symbol, no
     *         out-of-line copy), each with the functions it was inlined into; empty without DWARF
     */
    List<SourceFunction> inlinedOnly(String name);

    /** @return whether {@code NOKPROBE_SYMBOL()} put {@code function} on the kprobe blacklist */
    boolean kprobeBlacklisted(KernelSymbol function);

    /**
     * @return the functions whose code refers to {@code function} by a relocation (calls, jumps,
     *         address references), in address order, {@code function} itself excluded; for a static
     *         data object, the functions referring to any byte of it
     */
    List<KernelSymbol> callers(KernelSymbol function);

    /**
     * @return the functions that hand {@code function}'s address to a kernel-thread creation call
     *         ({@link #THREAD_CREATORS}), i.e. start a kernel thread that runs it (e.g.
     *         {@code kswapd_run} for {@code kswapd})
     */
    List<KernelSymbol> threadCreators(KernelSymbol function);

    /** What {@code kthread_run()}, {@code kthread_create()} and their variants call to start a thread. */
    List<String> THREAD_CREATORS = List.of("kthread_create_on_node", "kthread_create_on_cpu", "kernel_thread");

    /** @return the kernel release ({@code uname -r}, e.g. {@code 6.1.0-57-cloud-amd64}) from {@code linux_banner} */
    Optional<String> release();

    /** @return the GNU build-id as lower-case hex */
    Optional<String> buildId();

    /** Releases the mapping of the image file. */
    @Override
    void close();
}
