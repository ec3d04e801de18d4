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
    Optional<FunctionPrototype> prototype(String function);

    /**
     * @return the struct or union with tag {@code name} from the image's BTF, with its members;
     *         empty if there is none (or only a forward declaration)
     */
    Optional<StructType> struct(String name);

    /** @return the kernel release ({@code uname -r}, e.g. {@code 6.1.0-57-cloud-amd64}) from {@code linux_banner} */
    Optional<String> release();

    /** @return the GNU build-id as lower-case hex */
    Optional<String> buildId();

    /** Releases the mapping of the image file. */
    @Override
    void close();
}
