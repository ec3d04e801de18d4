package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Expr;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/**
 * E0410: members of an atomic group switch together, so within one call
 * chain they must all choose the same version. A predicate of a group member
 * may therefore read only what cannot change between two members' calls in
 * one chain: the task's identity and the function's own arguments — not
 * knobs (the administrator may write one mid-chain) or the CPU (the task may
 * migrate).
 */
public final class GroupPredicatesAreStable implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (ScriptWalk.VersionSite site : ScriptWalk.versions(u)) {
                if (site.group() != null) {
                    site.version().predicate().ifPresent(p -> unstable(p, site.group().name().text(), out));
                }
            }
        }
    }

    private static void unstable(Expr e, String group, Diagnostics out) {
        if (e instanceof Expr.Ref r && (r.root().text().equals("knob") || r.root().text().equals("cpu"))) {
            out.add(Messages.of("E0410", r.span(), r, group));
        } else if (e instanceof Expr.Binary b) {
            unstable(b.left(), group, out);
            unstable(b.right(), group, out);
        } else if (e instanceof Expr.Not n) {
            unstable(n.operand(), group, out);
        }
    }
}
