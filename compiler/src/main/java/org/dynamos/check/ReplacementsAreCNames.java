package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/** E0109: a new version is a C function, so its name is a C identifier. */
public final class ReplacementsAreCNames implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (ReplaceDecl r : u.replaces()) {
                if (!r.replacement().text().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    out.add(Messages.of("E0109", r.replacement().span(), r.replacement().text()));
                }
            }
        }
    }
}
