package org.dynamos.check;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.diag.NameSuggestions;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelModules;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.SymbolType;
import org.dynamos.plan.BindPlan;
import org.dynamos.syntax.BindDecl;
import org.dynamos.syntax.FunctionRef;
import org.dynamos.syntax.Span;

/**
 * A function or object of a loadable module ({@code binfmt_misc:bm_status_read}) is found in the
 * module's own {@code .ko}: E0221 when the kernel package has no such module, E0222 when the module
 * has no such function (saying so when the kernel image has it instead), E0223 for what the runtime
 * does not do with module functions (monitor them, restart their threads).
 */
public final class ModuleTargetResolves {

    private ModuleTargetResolves() {
    }

    /**
     * @return the image {@code ref} is checked against: the kernel's, or its module's; empty after
     *         E0221 when the kernel has no such module
     */
    public static Optional<KernelImage> image(FunctionRef ref, KernelImage kernel, KernelModules modules,
                                              Diagnostics out) {
        if (ref.module().isEmpty()) {
            return Optional.of(kernel);
        }
        String name = ref.module().get();
        Optional<? extends KernelImage> m;
        try {
            m = modules.open(name, kernel);
        } catch (IOException | RuntimeException e) {
            out.add(Messages.of("E0221", moduleSpan(ref), name, "it cannot be read as a module: " + e.getMessage(),
                    "the kernel store's copy may be damaged: `dynamos kernel fetch` extracts it again"));
            return Optional.empty();
        }
        if (m.isPresent()) {
            return Optional.of(m.get());
        }
        if (modules.directory().isEmpty()) {
            out.add(Messages.of("E0221", moduleSpan(ref), name, "no module tree is known for this kernel",
                    "check against a kernel of the kernel store (without --vmlinux), whose package has its modules"));
            return Optional.empty();
        }
        List<String> close = NameSuggestions.closest(name, modules.names(), 3);
        out.add(Messages.of("E0221", moduleSpan(ref), name, "the kernel package has no module of that name",
                close.isEmpty() ? "`ls /sys/module` on the target machine lists the loaded ones; `modinfo NAME` finds others"
                        : "did you mean " + NameSuggestions.quoteList(close) + "?"));
        return Optional.empty();
    }

    /**
     * The one function {@code target} names in {@code module}, checked by {@code chain} as a
     * function of the kernel image is; E0222 when the module has no symbol of that name.
     */
    static Optional<KernelSymbol> resolve(FunctionRef target, List<TargetCheck> chain, KernelImage module,
                                          KernelImage kernel, Diagnostics out) {
        String name = target.name().text();
        boolean known = module.symbols(name).stream().anyMatch(s -> !s.section().equals("*UND*")
                && s.type() != SymbolType.SECTION && s.type() != SymbolType.FILE)
                || !TargetExists.clonesOf(name, module).isEmpty();
        if (!known) {
            String m = target.module().orElseThrow();
            String help;
            if (kernel.symbols(name).stream().anyMatch(KernelSymbol::isFunction)) {
                help = "'" + name + "' is a function of the kernel image itself, not of a module: write `replace "
                        + name + "` without '" + m + ":'";
            } else {
                List<String> close = NameSuggestions.closest(name, module.functionNames(), 3);
                help = close.isEmpty() ? "`nm " + m + ".ko` lists the module's functions"
                        : "did you mean " + NameSuggestions.quoteList(close) + "?";
            }
            out.add(Messages.of("E0222", target.name().span(), m, name, help));
            return Optional.empty();
        }
        long copies = module.symbols(name).stream().filter(KernelSymbol::isFunction)
                .mapToLong(KernelSymbol::address).distinct().count();
        if (copies > 1) {
            // The runtime finds a module's function by its name among the module's symbols.
            out.add(Messages.of("E0223", target.span(), "replacing one of " + copies + " same-named functions",
                    target.toString(), "the runtime finds a module's functions by name, and module "
                            + target.module().orElseThrow() + " has " + copies + " functions named '" + name
                            + "': replace their callers instead"));
            return Optional.empty();
        }
        return Checker.resolve(target, chain, module, out);
    }

    /** E0223 when {@code ref} names a module function for {@code what}, which the runtime does not do. */
    static boolean refused(FunctionRef ref, String what, Diagnostics out) {
        if (ref.module().isEmpty()) {
            return false;
        }
        out.add(Messages.of("E0223", ref.span(), what, ref.toString(),
                "the runtime follows a module's loading and unloading only for replaced functions"
                        + " and the addresses of `bind` lines and orig_ calls"));
        return true;
    }

    /**
     * {@code bind NAME: TYPE = MODULE:SYMBOL;}: the one function or object of that name (or a
     * static local {@code SYMBOL.N}) the module defines; its type checked against the object's size
     * where the BTF knows the type.
     */
    static Optional<BindPlan> bind(BindDecl b, KernelImage module, KernelImage kernel, Diagnostics out) {
        String var = b.variable();
        String m = b.target().module().orElseThrow();
        Pattern local = Pattern.compile(Pattern.quote(var) + "(\\.\\d+)?");
        List<KernelSymbol> candidates = new ArrayList<>();
        for (KernelSymbol s : module.symbols()) {
            if ((s.type() == SymbolType.OBJECT || s.type() == SymbolType.FUNC) && !s.section().equals("*UND*")
                    && (s.name().equals(b.target().name().text()) || local.matcher(s.name()).matches())) {
                candidates.add(s);
            }
        }
        if (b.function().isPresent() && candidates.size() > 1) {
            String f = b.function().get();
            candidates.removeIf(c -> module.callers(c).stream().noneMatch(k -> k.name().equals(f)));
        }
        if (candidates.size() != 1) {
            List<String> notes = candidates.stream().limit(8).map(c -> c.name() + ", used by "
                    + String.join(", ", module.callers(c).stream().limit(4).map(KernelSymbol::name).distinct().toList()))
                    .toList();
            String help;
            if (!candidates.isEmpty()) {
                help = "name the function whose static local it is: MODULE:FUNCTION.VAR";
            } else if (kernel.symbols(var).stream().anyMatch(s -> s.type() == SymbolType.OBJECT
                    || s.type() == SymbolType.FUNC)) {
                help = "'" + var + "' is in the kernel image itself, not in the module: the update's C uses it"
                        + " directly (or bind it without '" + m + ":')";
            } else {
                List<String> close = NameSuggestions.closest(var, new java.util.TreeSet<>(module.symbols().stream()
                        .filter(s -> s.type() == SymbolType.OBJECT || s.type() == SymbolType.FUNC)
                        .filter(s -> !s.section().equals("*UND*")).map(KernelSymbol::name).toList()), 3);
                help = close.isEmpty() ? "`nm " + m + ".ko` lists the module's symbols"
                        : "did you mean " + NameSuggestions.quoteList(close) + "?";
            }
            out.add(Messages.of("E0213", b.target().span(), notes, "symbol '" + b.target().name().text()
                    + "' of module " + m, candidates.isEmpty() ? "the module has no such function or object"
                    : "the module has " + candidates.size(), help));
            return Optional.empty();
        }
        KernelSymbol object = candidates.get(0);
        if (object.type() == SymbolType.OBJECT && object.size() != 0) {
            OptionalLong size = BoundStaticResolves.size(b, module);
            Span type = b.type().get(0).span().to(b.type().get(b.type().size() - 1).span());
            if (size.isPresent() && size.getAsLong() != object.size()) {
                out.add(Messages.of("E0213", type, List.of(), "symbol '" + object.name() + "' of module " + m,
                        "'" + b.cType() + "' is " + size.getAsLong() + " bytes but " + object.name() + " is "
                                + object.size(), "give the type the module's source declares"));
                return Optional.empty();
            }
        }
        return Optional.of(new BindPlan(b, object));
    }

    /**
     * W0215: a bound symbol of a module none of whose functions the update replaces: nothing the
     * update runs is sure to run while the module is loaded.
     */
    static void boundWhereLoaded(List<BindPlan> binds, List<org.dynamos.plan.FunctionPlan> functions,
                                 Diagnostics out) {
        for (BindPlan b : binds) {
            if (b.objname().isPresent() && functions.stream().noneMatch(f -> f.objname().equals(b.objname()))) {
                out.add(Messages.of("W0215", b.decl().name().span(), b.decl().name().text(), b.objname().get()));
            }
        }
    }

    /** The module name's place in the line (the reference starts with it). */
    private static Span moduleSpan(FunctionRef ref) {
        Span s = ref.span();
        int len = ref.module().map(String::length).orElse(0);
        return new Span(s.source(), s.line(), s.column(), s.line(), s.column() + len);
    }
}
