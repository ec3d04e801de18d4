package org.dynamos.check;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.dynamos.diag.Diagnostic;
import org.dynamos.diag.Diagnostics;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.SymbolType;
import org.dynamos.plan.FunctionPlan;
import org.dynamos.plan.UpdatePlan;
import org.dynamos.syntax.ReplaceDecl;
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
            new ReplacementsAreCNames());

    /** The target checks that pick the one symbol a replace line means. */
    static final List<TargetCheck> RESOLUTION_CHECKS = List.of(
            new TargetExists(),
            new TargetIsFunction(),
            new TargetInUnit(),
            new TargetIsUnique());

    /** The checks of the one symbol: errors (that stop the chain) first, then warnings. */
    static final List<TargetCheck> FUNCTION_CHECKS = List.of(
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

    static final List<TargetCheck> TARGET_CHECKS = concat(RESOLUTION_CHECKS, FUNCTION_CHECKS);

    private static List<TargetCheck> concat(List<TargetCheck> a, List<TargetCheck> b) {
        List<TargetCheck> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /**
     * What a function reference resolves to on its own.
     *
     * @param symbols  the one function meant (empty when there are problems)
     * @param problems why it does not name exactly one function (E0201 to E0204)
     */
    public record Resolution(List<KernelSymbol> symbols, List<Diagnostic> problems) {
    }

    private Checker() {
    }

    /** The checks that need no kernel image. */
    public static void checkScript(Script script, Diagnostics out) {
        for (ScriptCheck check : SCRIPT_CHECKS) {
            check.check(script, out);
        }
    }

    /** Resolves the target of {@code replace} in {@code image} (for {@code dynamos inspect}). */
    public static Resolution resolve(ReplaceDecl replace, KernelImage image) {
        Diagnostics out = new Diagnostics();
        List<KernelSymbol> candidates = candidates(replace, image);
        for (TargetCheck check : RESOLUTION_CHECKS) {
            candidates = check.check(replace, candidates, image, out);
            if (candidates.isEmpty()) {
                break;
            }
        }
        return new Resolution(candidates, out.sorted());
    }

    /**
     * @return every finding of every check about the one function {@code symbol}, each check run
     *         on its own (the chain of {@link #checkAgainst} stops at the first error)
     */
    public static List<Diagnostic> findings(ReplaceDecl replace, KernelSymbol symbol, KernelImage image) {
        Diagnostics out = new Diagnostics();
        for (TargetCheck check : FUNCTION_CHECKS) {
            check.check(replace, List.of(symbol), image, out);
        }
        return out.sorted();
    }

    private static List<KernelSymbol> candidates(ReplaceDecl r, KernelImage image) {
        return image.symbols(r.target().name().text()).stream()
                .filter(s -> s.type() != SymbolType.SECTION && s.type() != SymbolType.FILE)
                .collect(Collectors.toList());
    }

    /** Resolves and checks every target against {@code image}; returns the plans (meaningful only without errors). */
    public static List<UpdatePlan> checkAgainst(Script script, KernelImage image, Diagnostics out) {
        List<UpdatePlan> plans = new ArrayList<>();
        for (Update u : script.updates()) {
            List<FunctionPlan> functions = new ArrayList<>();
            for (ReplaceDecl r : u.replaces()) {
                List<KernelSymbol> candidates = candidates(r, image);
                for (TargetCheck check : TARGET_CHECKS) {
                    candidates = check.check(r, candidates, image, out);
                    if (candidates.isEmpty()) {
                        break;
                    }
                }
                if (!candidates.isEmpty()) {
                    KernelSymbol s = candidates.get(0);
                    functions.add(new FunctionPlan(r, s, image.fentryOffset(s).orElse(0), r.replacement().text()));
                }
            }
            List<java.nio.file.Path> sources = u.sources().stream()
                    .map(s -> SourceFilesExist.resolve(script, s)).collect(Collectors.toList());
            plans.add(new UpdatePlan(u.name().text(), script.source().path(), u, sources, functions));
        }
        return plans;
    }
}
