package org.dynamos.check;

import java.util.HashMap;
import java.util.Map;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/**
 * E0104: a kernel function is replaced once per update, or once per phase of
 * a multi-phase update (where a later phase may replace it again).
 */
public final class FunctionsReplacedOnce implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (Body b : u.bodies()) {
                Map<String, ReplaceDecl> seen = new HashMap<>();
                for (ReplaceDecl r : b.allReplaces()) {
                    ReplaceDecl earlier = seen.putIfAbsent(r.target().toString(), r);
                    if (earlier != null) {
                        out.add(Messages.of("E0104", r.target().span(), r.target().toString(), earlier.span().line()));
                    }
                }
            }
        }
    }
}
