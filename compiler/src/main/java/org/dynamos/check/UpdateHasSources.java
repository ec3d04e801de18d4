package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/** E0102: an update names at least one C source. */
public final class UpdateHasSources implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            if (u.sources().isEmpty()) {
                out.add(Messages.of("E0102", u.name().span(), u.name().text()));
            }
        }
    }
}
