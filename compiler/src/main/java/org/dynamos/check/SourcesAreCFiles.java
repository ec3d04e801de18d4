package org.dynamos.check;

import java.util.HashMap;
import java.util.Map;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.SourceDecl;
import org.dynamos.syntax.Update;

/** E0107, E0108: sources are .c files, each listed once per update. */
public final class SourcesAreCFiles implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            Map<String, SourceDecl> seen = new HashMap<>();
            for (SourceDecl s : u.sources()) {
                if (!s.path().endsWith(".c")) {
                    out.add(Messages.of("E0107", s.span(), s.path()));
                }
                SourceDecl earlier = seen.putIfAbsent(s.path(), s);
                if (earlier != null) {
                    out.add(Messages.of("E0108", s.span(), s.path(), earlier.span().line()));
                }
            }
        }
    }
}
