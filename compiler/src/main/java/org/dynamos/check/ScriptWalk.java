package org.dynamos.check;

import java.util.ArrayList;
import java.util.List;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.GroupDecl;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.Update;
import org.dynamos.syntax.Version;

/** Traversals the checks share. */
final class ScriptWalk {

    private ScriptWalk() {
    }

    /** A version together with the replace and (if any) group it belongs to. */
    record VersionSite(Update update, GroupDecl group, ReplaceDecl replace, Version version) {
    }

    static List<VersionSite> versions(Update u) {
        List<VersionSite> out = new ArrayList<>();
        for (Body b : u.bodies()) {
            for (ReplaceDecl r : b.replaces()) {
                r.versions().forEach(v -> out.add(new VersionSite(u, null, r, v)));
            }
            for (GroupDecl g : b.groups()) {
                for (ReplaceDecl r : g.replaces()) {
                    r.versions().forEach(v -> out.add(new VersionSite(u, g, r, v)));
                }
            }
        }
        return out;
    }
}
