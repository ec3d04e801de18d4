package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.Expr;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Span;
import org.dynamos.syntax.Update;
import org.dynamos.syntax.Version;

/**
 * E0304 at build time (W0304 warnings from `dynamos check`): what the runtime can run today. It redirects
 * replace lines, unconditional or choosing between versions per call by
 * predicates over the task, the CPU, the arguments and knobs (alone or in
 * groups: all functions of an update switch together), at an immediate,
 * quiescent or drained safe point, in phases switched one after the other, with activate and
 * revert hooks and migrations, kernel-thread restarts, shadow fields, cumulative updates (`replaces`), and monitors (call counts and times); `check` validates the rest of the
 * language, which later runtimes build.
 */
public final class RuntimeSupport implements ScriptCheck {
    private final String code;

    /** The build's gate: E0304 errors. */
    public RuntimeSupport() {
        this("E0304");
    }

    /** {@code W0304} for {@code dynamos check}, which reports the same constructs as warnings. */
    public RuntimeSupport(String code) {
        this.code = code;
    }

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (Body b : u.bodies()) {
                for (ReplaceDecl r : b.allReplaces()) {
                    for (Version v : r.versions()) {
                        v.predicate().ifPresent(p -> cgroups(p, out));
                    }
                }
                if (b == u.body() && !u.phases().isEmpty()) {
                    b.migrations().forEach(m -> unsupported("a migration outside the phases of a multi-phase update (a "
                            + "migration runs at the one moment its update switches, and a multi-phase update switches "
                            + "once per phase: move it into the phase whose switch it belongs to)", m.span(), out));
                }
            }
        }
    }

    /** current.cgroup needs a cgroup path lookup the dispatch cannot do yet. */
    private void cgroups(Expr e, Diagnostics out) {
        if (e instanceof Expr.Ref r) {
            if (r.toString().equals("current.cgroup")) {
                unsupported("a predicate on current.cgroup", r.span(), out);
            }
        } else if (e instanceof Expr.Binary b) {
            cgroups(b.left(), out);
            cgroups(b.right(), out);
        } else if (e instanceof Expr.Not n) {
            cgroups(n.operand(), out);
        }
    }

    private void unsupported(String what, Span span, Diagnostics out) {
        out.add(Messages.of(code, span, what));
    }
}
