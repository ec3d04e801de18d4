package org.dynamos.check;

import java.util.List;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.StringDecl;
import org.dynamos.syntax.Update;

/** E0110: an update has at most one description and one kernel release pattern. */
public final class PropertiesDeclaredOnce implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            repeated("description", u.descriptions(), out);
            repeated("kernel", u.kernels(), out);
        }
    }

    private static void repeated(String what, List<StringDecl> decls, Diagnostics out) {
        for (int i = 1; i < decls.size(); i++) {
            out.add(Messages.of("E0110", decls.get(i).span(), what, decls.get(0).span().line()));
        }
    }
}
