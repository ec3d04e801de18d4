package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.ShadowDecl;
import org.dynamos.syntax.Update;

/** E0113 for shadow fields: their type is one the runtime can store. */
public final class ShadowFieldsAreTyped implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (ShadowDecl s : u.shadows()) {
                KnobsAreWellFormed.TypeNames.resolve(s.type(), out);
            }
        }
    }
}
