package org.dynamos.check;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
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

    static final List<TargetCheck> TARGET_CHECKS = List.of(
            new TargetExists(),
            new TargetIsFunction(),
            new TargetInUnit(),
            new TargetIsUnique(),
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

    private Checker() {
    }

    /** The checks that need no kernel image. */
    public static void checkScript(Script script, Diagnostics out) {
        for (ScriptCheck check : SCRIPT_CHECKS) {
            check.check(script, out);
        }
    }

    /** Resolves and checks every target against {@code image}; returns the plans (meaningful only without errors). */
    public static List<UpdatePlan> checkAgainst(Script script, KernelImage image, Diagnostics out) {
        List<UpdatePlan> plans = new ArrayList<>();
        for (Update u : script.updates()) {
            List<FunctionPlan> functions = new ArrayList<>();
            for (ReplaceDecl r : u.replaces()) {
                List<KernelSymbol> candidates = image.symbols(r.target().name().text()).stream()
                        .filter(s -> s.type() != SymbolType.SECTION && s.type() != SymbolType.FILE)
                        .collect(Collectors.toList());
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
