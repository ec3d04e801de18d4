package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/**
 * E0102: an update that names C functions (new versions, restarted threads' new entries, hooks,
 * migrations) names at least one C source; one made only of monitor lines needs none.
 */
public final class UpdateHasSources implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            boolean onlyMonitors = u.bodies().stream().allMatch(UpdateHasSources::onlyMonitors);
            if (u.sources().isEmpty() && !onlyMonitors) {
                out.add(Messages.of("E0102", u.name().span(), u.name().text()));
            }
        }
    }

    private static boolean onlyMonitors(Body b) {
        return b.allReplaces().isEmpty() && b.restarts().isEmpty() && b.hooks().isEmpty() && b.migrations().isEmpty();
    }
}
