package org.dynamos.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.dynamos.diag.Diagnostic;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.diag.NameSuggestions;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelModules;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.SymbolType;
import org.dynamos.plan.ArgumentAccess;
import org.dynamos.plan.BindPlan;
import org.dynamos.plan.FunctionPlan;
import org.dynamos.plan.ShadowPlan;
import org.dynamos.plan.UpdatePlan;
import org.dynamos.syntax.BindDecl;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.Ident;
import org.dynamos.syntax.Expr;
import org.dynamos.syntax.FunctionRef;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.RestartDecl;
import org.dynamos.syntax.ShadowDecl;
import org.dynamos.syntax.Version;
import org.dynamos.syntax.Span;
import org.dynamos.syntax.StringDecl;
import org.dynamos.syntax.SyscallDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/**
 * Runs every check, in order: first the script on its own, then each
 * replace target against the kernel image. Produces the update plans when
 * nothing is wrong.
 */
public final class Checker {
    static final List<ScriptCheck> SCRIPT_CHECKS = List.of(
            new ScriptHasUpdates(),
            new UpdateNamesUnique(),
            new UpdateNameIsModuleName(),
            new UpdateHasSources(),
            new SourcesAreCFiles(),
            new SourceFilesExist(),
            new UpdateReplacesSomething(),
            new FunctionsReplacedOnce(),
            new RestartedEntryIsNotReplaced(),
            new TakeOverIsKnown(),
            new TakenOverShadowsMatch(),
            new PropertiesDeclaredOnce(),
            new KernelPatternIsValid(),
            new KnobsAreWellFormed(),
            new ShadowFieldsAreTyped(),
            new GroupsAreWellFormed(),
            new VersionsAreWellFormed(),
            new VersionsAreReachable(),
            new SafepointsAreWellFormed(),
            new SafepointScopesResolve(),
            new DeclarationsAreUnique(),
            new PhasesAreWellFormed(),
            new PredicatesAreWellTyped(),
            new GroupPredicatesAreStable());

    /** The target checks that pick the one symbol a function reference means. */
    static final List<TargetCheck> RESOLUTION_CHECKS = List.of(
            new TargetExists(),
            new TargetIsFunction(),
            new TargetInUnit(),
            new TargetIsUnique());

    /**
     * The checks of a replaced function: errors (each stops the chain) first, then warnings. The
     * order matters where several could fire: a cold part or a clone is named as such before it is
     * refused for lacking an fentry site.
     */
    static final List<TargetCheck> REPLACED_CHECKS = List.of(
            new TargetIsLive(),
            new TargetIsTraceable(),
            new TargetIsNotColdPart(),
            new TargetIsNotClone(),
            new TargetIsNotOnDispatchPath(),
            new TargetHasFentry(),
            // warnings: the target stays
            new TargetHasNoOtherCopies(),
            new TargetIsNotKprobeBlacklisted(),
            new TargetIsNotThreadLoop(),
            new TargetReturns());

    /**
     * The checks of a monitored function or a restarted thread's entry: as for a replaced one,
     * but a thread entry is expected to loop forever (that is why it is restarted), and a monitor
     * changes no code, so other copies only mean uncounted calls.
     */
    static final List<TargetCheck> OBSERVED_CHECKS = List.of(
            new TargetIsLive(),
            new TargetIsTraceable(),
            new TargetIsNotColdPart(),
            new TargetIsNotClone(),
            new TargetIsNotOnDispatchPath(),
            new TargetHasFentry(),
            new TargetIsNotKprobeBlacklisted());

    static final List<TargetCheck> TARGET_CHECKS = concat(RESOLUTION_CHECKS, REPLACED_CHECKS);
    static final List<TargetCheck> OBSERVED_TARGET_CHECKS = concat(RESOLUTION_CHECKS, OBSERVED_CHECKS);
    /** A restarted thread's entry: observed (it is expected to loop forever), and restartable. */
    static final List<TargetCheck> RESTARTED_TARGET_CHECKS = concat(OBSERVED_TARGET_CHECKS,
            List.of(new RestartedThreadIsRestartable()));

    /**
     * What a function reference resolves to on its own.
     *
     * @param symbols  the one function meant (empty when there are problems)
     * @param problems why it does not name exactly one function (E0201 to E0204)
     */
    public record Resolution(List<KernelSymbol> symbols, List<Diagnostic> problems) {
    }

    private static List<TargetCheck> concat(List<TargetCheck> a, List<TargetCheck> b) {
        List<TargetCheck> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private Checker() {
    }

    /** The checks that need no kernel image. */
    public static void checkScript(Script script, Diagnostics out) {
        for (ScriptCheck check : SCRIPT_CHECKS) {
            check.check(script, out);
        }
    }

    /**
     * Resolves and checks every kernel function the script names (replace
     * targets, restarted thread entries, monitored functions) against
     * {@code image}; returns the plans (meaningful only without errors).
     */
    public static List<UpdatePlan> checkAgainst(Script script, KernelImage image, Diagnostics out) {
        return checkAgainst(script, image, KernelModules.NONE, out);
    }

    /**
     * As {@link #checkAgainst(Script, KernelImage, Diagnostics)}, the functions and objects of
     * loadable modules ({@code binfmt_misc:bm_status_read}) checked against the module's own
     * {@code .ko} among {@code modules}.
     */
    public static List<UpdatePlan> checkAgainst(Script script, KernelImage image, KernelModules modules,
                                                Diagnostics out) {
        List<UpdatePlan> plans = new ArrayList<>();
        for (Update u : script.updates()) {
            for (StringDecl k : u.kernels()) {
                String release = image.release().orElse("");
                if (!KernelPatternIsValid.matches(k.value(), release)) {
                    out.add(Messages.of("E0220", k.span(), k.value(), release.isEmpty() ? "unknown" : release));
                }
            }
            ViewsMatchBtf.check(u, image, out);
            List<TargetCheck> targetChecks = targetChecks(replacedBy(u, image));
            List<FunctionPlan> functions = new ArrayList<>();
            for (ReplaceDecl r : u.replaces()) {
                Optional<KernelImage> home = ModuleTargetResolves.image(r.target(), image, modules, out);
                if (home.isEmpty()) {
                    continue;
                }
                KernelImage img = home.get();
                Diagnostics found = new Diagnostics();
                Optional<KernelSymbol> symbol = r.target().inModule()
                        ? ModuleTargetResolves.resolve(r.target(), targetChecks, img, image, found)
                        : resolve(r.target(), targetChecks, img, found);
                found.sorted().forEach(out::add);
                if (symbol.isEmpty()) {
                    continue;
                }
                KernelSymbol s = symbol.get();
                Map<Span, ArgumentAccess> arguments = new HashMap<>();
                List<Expr> predicates = r.versions().stream().flatMap(v -> v.predicate().stream()).toList();
                if (!predicates.isEmpty()) {
                    PredicateArgumentsMatchPrototype.check(u, s.name(), predicates, img, arguments, out);
                }
                functions.add(new FunctionPlan(r, s, img.fentryOffset(s).orElse(0), r.replacement().text(),
                        arguments, uniqueName(s, img) ? img.prototype(s.name()) : Optional.empty()));
            }
            List<KernelSymbol> monitors = new ArrayList<>();
            for (Body b : u.bodies()) {
                // A restart redirects its entry to the new one, unconditionally (restartRedirect).
                for (RestartDecl t : b.restarts()) {
                    if (ModuleTargetResolves.refused(t.entry(), "restarting a kernel thread", out)) {
                        continue;
                    }
                    resolve(t.entry(), RESTARTED_TARGET_CHECKS, image, out).ifPresent(s -> functions.add(
                            new FunctionPlan(restartRedirect(t), s, image.fentryOffset(s).orElse(0),
                                    t.replacement().text(), Map.of(),
                                    uniqueName(s, image) ? image.prototype(s.name()) : Optional.empty())));
                }
                for (SyscallDecl sc : b.syscalls()) {
                    syscallRedirects(sc, targetChecks, image, out).forEach(functions::add);
                }
                b.monitors().forEach(m -> m.functions().stream()
                        .filter(f -> !ModuleTargetResolves.refused(f, "monitoring", out))
                        .forEach(f -> resolve(f, OBSERVED_TARGET_CHECKS, image, out)
                        .filter(s -> monitors.stream().noneMatch(o -> o.address() == s.address()))
                        .ifPresent(monitors::add)));
            }
            List<java.nio.file.Path> sources = u.sources().stream()
                    .map(s -> SourceFilesExist.resolve(script, s)).collect(Collectors.toList());
            List<ShadowPlan> shadows = new ArrayList<>();
            for (ShadowDecl sh : u.shadows()) {
                ShadowStructIsFreed.freedBy(sh, image, out).ifPresent(f -> shadows.add(new ShadowPlan(sh, f)));
            }
            List<BindPlan> binds = new ArrayList<>();
            for (BindDecl b : u.binds()) {
                if (b.target().inModule()) {
                    ModuleTargetResolves.image(b.target(), image, modules, out)
                            .flatMap(m -> ModuleTargetResolves.bind(b, m, image, out)).ifPresent(binds::add);
                } else {
                    BoundStaticResolves.resolve(b, image, out).ifPresent(binds::add);
                }
            }
            ModuleTargetResolves.boundWhereLoaded(binds, functions, out);
            plans.add(new UpdatePlan(u.name().text(), script.source().path(), u, sources, functions,
                    image.buildId().orElse(""), monitors, shadows, binds));
        }
        return plans;
    }

    /** The addresses of the functions {@code u} replaces (those its lines resolve to; errors come later). */
    private static Set<Long> replacedBy(Update u, KernelImage image) {
        Set<Long> replaced = new HashSet<>();
        for (ReplaceDecl r : u.replaces()) {
            if (r.target().inModule()) {
                continue; // another image: its addresses are not vmlinux's
            }
            resolve(r.target(), RESOLUTION_CHECKS, image, new Diagnostics()).ifPresent(s -> replaced.add(s.address()));
        }
        return replaced;
    }

    /** {@link #TARGET_CHECKS}, other copies counted only where the update does not replace them too. */
    private static List<TargetCheck> targetChecks(Set<Long> replacedByUpdate) {
        return TARGET_CHECKS.stream().map(c -> c instanceof TargetHasNoOtherCopies
                ? new TargetHasNoOtherCopies(replacedByUpdate) : c).toList();
    }

    /** The ABIs whose system call entry points a {@code replace syscall} line replaces, where the kernel has them. */
    public static final List<String> SYSCALL_ABIS = List.of("x64", "ia32");

    /**
     * The redirections of a system call's entry points ({@code __x64_sys_NAME}, {@code __ia32_sys_NAME})
     * to the generated ones, each checked as a replaced function; E0214 when the kernel has no
     * 64-bit entry point of that name.
     */
    private static List<FunctionPlan> syscallRedirects(SyscallDecl sc, List<TargetCheck> checks, KernelImage image,
                                                       Diagnostics out) {
        List<FunctionPlan> plans = new ArrayList<>();
        for (String abi : SYSCALL_ABIS) {
            String entry = sc.entry(abi);
            if (image.symbols(entry).stream().noneMatch(KernelSymbol::isFunction)) {
                if (abi.equals("x64")) {
                    List<String> close = NameSuggestions.closest(sc.name().text(), image.functionNames().stream()
                            .filter(n -> n.startsWith("__x64_sys_")).map(n -> n.substring("__x64_sys_".length()))
                            .collect(Collectors.toCollection(java.util.TreeSet::new)), 3);
                    out.add(Messages.of("E0214", sc.name().span(), sc.name().text(), entry, close.isEmpty()
                            ? "`grep -w __x64_sys_NAME /proc/kallsyms` lists the system calls of a running kernel"
                            : "did you mean " + NameSuggestions.quoteList(close) + "?"));
                    return List.of();
                }
                continue;
            }
            FunctionRef ref = new FunctionRef(Optional.empty(), new Ident(entry, sc.name().span()), sc.span());
            Ident wrapper = new Ident(sc.wrapper(abi), sc.replacement().span());
            ReplaceDecl r = new ReplaceDecl(ref, List.of(new Version(wrapper, Optional.empty(), wrapper.span())),
                    Optional.empty(), Optional.empty(), sc.span());
            resolve(ref, checks, image, out).ifPresent(s -> plans.add(new FunctionPlan(r, s,
                    image.fentryOffset(s).orElse(0), wrapper.text(), Map.of(),
                    uniqueName(s, image) ? image.prototype(s.name()) : Optional.empty())));
        }
        return plans;
    }

    /**
     * The redirection of a restarted thread's entry: {@code replace ENTRY with NEW;}, sharing the
     * restart's {@link RestartDecl#entry()} (the emitter finds the restart by it).
     */
    public static ReplaceDecl restartRedirect(RestartDecl t) {
        return new ReplaceDecl(t.entry(), List.of(new Version(t.replacement(), Optional.empty(), t.replacement().span())),
                Optional.empty(), Optional.empty(), t.span());
    }

    /** BTF keeps one prototype per name: it describes {@code s} only if no other function shares the name. */
    private static boolean uniqueName(KernelSymbol s, KernelImage image) {
        return image.symbols(s.name()).stream().filter(KernelSymbol::isFunction)
                .mapToLong(KernelSymbol::address).distinct().count() == 1;
    }

    /** The one function {@code target} names, or empty after reporting why there is none. */
    static Optional<KernelSymbol> resolve(FunctionRef target, List<TargetCheck> chain, KernelImage image,
                                          Diagnostics out) {
        List<KernelSymbol> candidates = candidates(target, image);
        for (TargetCheck check : chain) {
            candidates = check.check(target, candidates, image, out);
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(candidates.get(0));
    }

    /** Resolves {@code target} in {@code image} without checking the function (for {@code dynamos inspect}). */
    public static Resolution resolve(FunctionRef target, KernelImage image) {
        Diagnostics out = new Diagnostics();
        List<KernelSymbol> candidates = candidates(target, image);
        for (TargetCheck check : RESOLUTION_CHECKS) {
            candidates = check.check(target, candidates, image, out);
            if (candidates.isEmpty()) {
                break;
            }
        }
        return new Resolution(candidates, out.sorted());
    }

    /**
     * @return every finding of every check of a replaced function about {@code symbol}, each check
     *         run on its own (the chain of {@link #checkAgainst} stops at the first error)
     */
    public static List<Diagnostic> findings(FunctionRef target, KernelSymbol symbol, KernelImage image) {
        Diagnostics out = new Diagnostics();
        for (TargetCheck check : REPLACED_CHECKS) {
            check.check(target, List.of(symbol), image, out);
        }
        return out.sorted();
    }

    private static List<KernelSymbol> candidates(FunctionRef target, KernelImage image) {
        return image.symbols(target.name().text()).stream()
                .filter(s -> s.type() != SymbolType.SECTION && s.type() != SymbolType.FILE)
                .collect(Collectors.toList());
    }
}
