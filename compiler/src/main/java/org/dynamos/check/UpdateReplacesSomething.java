package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/** E0105: an update has at least one replace line. */
public final class UpdateReplacesSomething implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            if (u.replaces().isEmpty()) {
                out.add(Messages.of("E0105", u.name().span(), u.name().text()));
            }
        }
    }
}
