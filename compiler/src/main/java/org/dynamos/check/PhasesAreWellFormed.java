package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.PhaseDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/**
 * E0123: a multi-phase update switches functions only inside its phases
 * (each phase is one step), and every phase switches something.
 */
public final class PhasesAreWellFormed implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            if (u.phases().isEmpty()) {
                continue;
            }
            u.body().allReplaces().forEach(r -> out.add(Messages.of("E0123", r.target().span(), r.target(),
                    "is replaced outside the phases of a multi-phase update")));
            u.body().restarts().forEach(r -> out.add(Messages.of("E0123", r.entry().span(), r.entry(),
                    "is restarted outside the phases of a multi-phase update")));
            for (PhaseDecl p : u.phases()) {
                if (p.body().allReplaces().isEmpty() && p.body().restarts().isEmpty()) {
                    out.add(Messages.of("E0123", p.name().span(), "phase '" + p.name().text() + "'",
                            "switches nothing"));
                }
            }
        }
    }
}
