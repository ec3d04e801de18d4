package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/**
 * E0105: an update acts on the kernel: it replaces a function or a system call, restarts a kernel thread or
 * monitors a function (an update made only of monitor lines is the paper's Table 1 measurement).
 */
public final class UpdateReplacesSomething implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            boolean acts = u.bodies().stream().anyMatch(UpdateReplacesSomething::acts);
            if (!acts) {
                out.add(Messages.of("E0105", u.name().span(), u.name().text()));
            }
        }
    }

    static boolean acts(Body b) {
        return !b.allReplaces().isEmpty() || !b.syscalls().isEmpty() || !b.restarts().isEmpty()
                || !b.monitors().isEmpty();
    }
}
