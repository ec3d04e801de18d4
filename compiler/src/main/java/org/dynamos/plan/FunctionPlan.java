package org.dynamos.plan;

import org.dynamos.image.KernelSymbol;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.dynamos.image.btf.FunctionPrototype;
import org.dynamos.syntax.Ident;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.Span;

/**
 * How one kernel function is redirected.
 *
 * @param decl        the replace line it comes from
 * @param original    the resolved kernel function
 * @param fentryOffset offset of its fentry call site, where ftrace redirects it
 * @param replacement name of the new version in the update's C sources (the first, if several)
 * @param arguments   how the predicates read each {@code arg.…} reference, by its span
 * @param prototype   the original's prototype from the image's BTF, when it has one
 */
public record FunctionPlan(ReplaceDecl decl, KernelSymbol original, long fentryOffset, String replacement,
                           Map<Span, ArgumentAccess> arguments, Optional<FunctionPrototype> prototype) {

    public FunctionPlan {
        arguments = Map.copyOf(arguments);
    }

    /** A plan for an unconditional replacement (no predicates, so no arguments read). */
    public FunctionPlan(ReplaceDecl decl, KernelSymbol original, long fentryOffset, String replacement) {
        this(decl, original, fentryOffset, replacement, Map.of(), Optional.empty());
    }

    /** Every new function the versions and the default name, in order. */
    public List<String> newFunctions() {
        return Stream.concat(decl.versions().stream().map(v -> v.name().text()),
                decl.fallback().stream().map(Ident::text)).distinct().toList();
    }

    /**
     * The name under which the update's C calls the kernel's own code of the original
     * ({@code orig_cmdline_proc_show}): declared in the generated prototype header and bound,
     * after the build, to the original entered past its fentry site.
     */
    public String originalCallName() {
        return ORIGINAL_CALL_PREFIX + original.name().replace('.', '_');
    }

    /** Prefix of {@link #originalCallName()}. */
    public static final String ORIGINAL_CALL_PREFIX = "orig_";

    /**
     * Where {@link #originalCallName()} enters the original: just past its fentry call (5 bytes),
     * as BPF trampolines call the function they attach to, so the call is not redirected again.
     */
    public long originalCallOffset() {
        return fentryOffset + FENTRY_CALL_SIZE;
    }

    /** Size of the {@code call __fentry__} instruction at the fentry site. */
    public static final int FENTRY_CALL_SIZE = 5;

    /** @return the loadable module defining the original ({@code binfmt_misc}), empty for the kernel image */
    public Optional<String> objname() {
        return decl.target().module();
    }

    /**
     * The update's variable that holds where {@link #originalCallName()} enters a module function
     * while its module is loaded (a {@code struct dynamos_modsym}'s {@code addr}).
     */
    public String modsymName() {
        return "__dynamos_modsym_" + originalCallName();
    }

    /** The symbol name the generated module uses for the original; bound to its address after the build. */
    public String bindingName() {
        return "__dynamos_orig_" + original.name().replace('.', '_');
    }
}
