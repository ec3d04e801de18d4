package org.dynamos.check;

import java.util.HashMap;
import java.util.Map;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.GroupDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/** E0119: group names are unique in an update, and a group replaces something. */
public final class GroupsAreWellFormed implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            Map<String, GroupDecl> seen = new HashMap<>();
            for (Body b : u.bodies()) {
                for (GroupDecl g : b.groups()) {
                    GroupDecl earlier = seen.putIfAbsent(g.name().text(), g);
                    if (earlier != null) {
                        out.add(Messages.of("E0119", g.name().span(), g.name().text(),
                                "is already declared (line " + earlier.span().line() + ")"));
                    } else if (g.replaces().isEmpty()) {
                        out.add(Messages.of("E0119", g.name().span(), g.name().text(), "replaces nothing"));
                    }
                }
            }
        }
    }
}
