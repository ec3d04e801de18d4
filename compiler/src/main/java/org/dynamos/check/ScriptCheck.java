package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.syntax.Script;

/** One check of a script on its own (no kernel image needed). Each reports one code. */
public interface ScriptCheck {

    void check(Script script, Diagnostics out);
}
