package org.dynamos.check;

import java.util.List;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Expr;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;
import org.dynamos.syntax.Value;
import org.dynamos.syntax.Version;

/**
 * E0121: versions are tried in order and the first whose predicate holds
 * runs, so a version after one that always applies never runs, nor does a
 * default; a version whose predicate is the literal false never runs either.
 */
public final class VersionsAreReachable implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (ReplaceDecl r : u.replaces()) {
                check(r, out);
            }
        }
    }

    private static void check(ReplaceDecl r, Diagnostics out) {
        List<Version> versions = r.versions();
        for (int i = 0; i < versions.size(); i++) {
            Version v = versions.get(i);
            if (v.predicate().map(p -> isLiteral(p, false)).orElse(false)) {
                out.add(Messages.of("E0121", v.name().span(), "version '" + v.name().text() + "'",
                        "its predicate is false"));
            }
            boolean always = v.predicate().map(p -> isLiteral(p, true)).orElse(true);
            if (always) {
                if (i + 1 < versions.size()) {
                    Version next = versions.get(i + 1);
                    out.add(Messages.of("E0121", next.name().span(), "version '" + next.name().text() + "'",
                            "'" + v.name().text() + "' before it applies to every call"));
                } else if (r.fallbackSpan().isPresent()) {
                    out.add(Messages.of("E0121", r.fallbackSpan().get(), "the default",
                            "'" + v.name().text() + "' before it applies to every call"));
                }
                return;
            }
        }
    }

    private static boolean isLiteral(Expr e, boolean value) {
        return e instanceof Expr.Literal l && l.value() instanceof Value.Bool b && b.value() == value;
    }
}
