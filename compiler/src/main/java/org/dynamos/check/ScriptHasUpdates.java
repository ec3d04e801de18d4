package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Span;

/** E0006: a script must declare at least one update. */
public final class ScriptHasUpdates implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        if (script.updates().isEmpty()) {
            out.add(Messages.of("E0006", Span.wholeFile(script.source())));
        }
    }
}
