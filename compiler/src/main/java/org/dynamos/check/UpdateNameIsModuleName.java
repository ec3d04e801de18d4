package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/** E0106: an update's name must be usable as a kernel module name. */
public final class UpdateNameIsModuleName implements ScriptCheck {
    /** MODULE_NAME_LEN is 64 - sizeof(unsigned long); one byte is the terminator. */
    static final int MAX_LENGTH = 55;

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            String name = u.name().text();
            String problem = null;
            if (name.contains(".")) {
                problem = "it contains '.'";
            } else if (name.length() > MAX_LENGTH) {
                problem = "it is " + name.length() + " characters long";
            } else if (name.equals("dynamos")) {
                problem = "'dynamos' is the runtime core module";
            }
            if (problem != null) {
                out.add(Messages.of("E0106", u.name().span(), name, problem));
            }
        }
    }
}
