package org.dynamos.check;

import java.util.HashSet;
import java.util.Set;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/** E0101: each update of a script has its own name (it names a module). */
public final class UpdateNamesUnique implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        Set<String> seen = new HashSet<>();
        for (Update u : script.updates()) {
            if (!seen.add(u.name().text())) {
                out.add(Messages.of("E0101", u.name().span(), u.name().text()));
            }
        }
    }
}
