package org.dynamos.check;

import java.util.HashMap;
import java.util.Map;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;
import org.dynamos.syntax.Version;

/**
 * E0120: a versioned replace has at least one version, each named once, and
 * a named default that is not also one of its versions.
 */
public final class VersionsAreWellFormed implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (ReplaceDecl r : u.replaces()) {
                if (r.versions().isEmpty()) {
                    out.add(Messages.of("E0120", r.target().span(), r.target(), "has no version"));
                    continue;
                }
                Map<String, Version> seen = new HashMap<>();
                for (Version v : r.versions()) {
                    Version earlier = seen.putIfAbsent(v.name().text(), v);
                    if (earlier != null) {
                        out.add(Messages.of("E0120", v.name().span(), r.target(),
                                "lists version '" + v.name().text() + "' twice (line " + earlier.span().line() + ")"));
                    }
                }
                r.fallback().filter(d -> seen.containsKey(d.text())).ifPresent(d -> out.add(Messages.of("E0120",
                        d.span(), r.target(), "names '" + d.text() + "' both as a version and as the default")));
            }
        }
    }
}
