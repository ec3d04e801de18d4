package org.dynamos.check;

import java.util.HashMap;
import java.util.Map;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/** E0104: a kernel function is replaced at most once in a script. */
public final class FunctionsReplacedOnce implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        Map<String, ReplaceDecl> seen = new HashMap<>();
        for (Update u : script.updates()) {
            for (ReplaceDecl r : u.replaces()) {
                ReplaceDecl earlier = seen.putIfAbsent(r.target().toString(), r);
                if (earlier != null) {
                    out.add(Messages.of("E0104", r.target().span(), r.target().toString(), earlier.span().line()));
                }
            }
        }
    }
}
