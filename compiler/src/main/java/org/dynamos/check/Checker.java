package org.dynamos.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.SymbolType;
import org.dynamos.plan.ArgumentAccess;
import org.dynamos.plan.FunctionPlan;
import org.dynamos.plan.UpdatePlan;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.Expr;
import org.dynamos.syntax.FunctionRef;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.Span;
import org.dynamos.syntax.StringDecl;
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

    static final List<TargetCheck> TARGET_CHECKS = List.of(
            new TargetExists(),
            new TargetIsFunction(),
            new TargetInUnit(),
            new TargetIsUnique(),
            new TargetIsLive(),
            new TargetIsTraceable(),
            new TargetHasFentry());

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
        List<UpdatePlan> plans = new ArrayList<>();
        for (Update u : script.updates()) {
            for (StringDecl k : u.kernels()) {
                String release = image.release().orElse("");
                if (!KernelPatternIsValid.matches(k.value(), release)) {
                    out.add(Messages.of("E0220", k.span(), k.value(), release.isEmpty() ? "unknown" : release));
                }
            }
            List<FunctionPlan> functions = new ArrayList<>();
            for (ReplaceDecl r : u.replaces()) {
                Optional<KernelSymbol> symbol = resolve(r.target(), image, out);
                if (symbol.isEmpty()) {
                    continue;
                }
                KernelSymbol s = symbol.get();
                Map<Span, ArgumentAccess> arguments = new HashMap<>();
                List<Expr> predicates = r.versions().stream().flatMap(v -> v.predicate().stream()).toList();
                if (!predicates.isEmpty()) {
                    PredicateArgumentsMatchPrototype.check(u, s.name(), predicates, image, arguments, out);
                }
                functions.add(new FunctionPlan(r, s, image.fentryOffset(s).orElse(0), r.replacement().text(),
                        arguments));
            }
            for (Body b : u.bodies()) {
                b.restarts().forEach(r -> resolve(r.entry(), image, out));
                b.monitors().forEach(m -> m.functions().forEach(f -> resolve(f, image, out)));
            }
            List<java.nio.file.Path> sources = u.sources().stream()
                    .map(s -> SourceFilesExist.resolve(script, s)).collect(Collectors.toList());
            plans.add(new UpdatePlan(u.name().text(), script.source().path(), u, sources, functions));
        }
        return plans;
    }

    /** The one function {@code target} names, or empty after reporting why there is none. */
    static Optional<KernelSymbol> resolve(FunctionRef target, KernelImage image, Diagnostics out) {
        List<KernelSymbol> candidates = image.symbols(target.name().text()).stream()
                .filter(s -> s.type() != SymbolType.SECTION && s.type() != SymbolType.FILE)
                .collect(Collectors.toList());
        for (TargetCheck check : TARGET_CHECKS) {
            candidates = check.check(target, candidates, image, out);
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(candidates.get(0));
    }
}
