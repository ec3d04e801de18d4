package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.RestartDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/**
 * E0125: a restarted thread's entry is not also replaced in the same update or phase: the restart
 * itself redirects the entry to the new one (so threads started later run it too), and a second
 * redirection of the same function would compete with it.
 */
public final class RestartedEntryIsNotReplaced implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (Body b : u.bodies()) {
                for (RestartDecl r : b.restarts()) {
                    for (ReplaceDecl rep : b.allReplaces()) {
                        if (rep.target().toString().equals(r.entry().toString())) {
                            out.add(Messages.of("E0125", rep.target().span(), rep.target().toString(),
                                    r.span().line(), r.replacement().text()));
                        }
                    }
                }
            }
        }
    }
}
