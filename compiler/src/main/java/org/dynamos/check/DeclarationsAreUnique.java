package org.dynamos.check;

import java.util.HashMap;
import java.util.Map;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.FunctionRef;
import org.dynamos.syntax.HookDecl;
import org.dynamos.syntax.MigrateDecl;
import org.dynamos.syntax.MonitorDecl;
import org.dynamos.syntax.PhaseDecl;
import org.dynamos.syntax.RestartDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.ShadowDecl;
import org.dynamos.syntax.Span;
import org.dynamos.syntax.Update;

/**
 * E0122: what may be declared once is declared once — a hook per event
 * (per update or phase), a shadow field, a phase name, a restarted thread,
 * a monitored function, a migrated structure.
 */
public final class DeclarationsAreUnique implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            Map<String, Span> shadows = new HashMap<>();
            for (ShadowDecl s : u.shadows()) {
                once(shadows, "shadow field " + s.struct().text() + "." + s.field().text(), s.span(), out);
            }
            Map<String, Span> phases = new HashMap<>();
            for (PhaseDecl p : u.phases()) {
                once(phases, "phase '" + p.name().text() + "'", p.name().span(), out);
            }
            Map<String, Span> threads = new HashMap<>();
            Map<String, Span> monitors = new HashMap<>();
            Map<String, Span> migrations = new HashMap<>();
            for (Body b : u.bodies()) {
                Map<String, Span> hooks = new HashMap<>();
                for (HookDecl h : b.hooks()) {
                    once(hooks, "an 'on " + h.event().keyword() + "' hook", h.span(), out);
                }
                for (RestartDecl r : b.restarts()) {
                    once(threads, "a restart of the threads running " + r.entry(), r.entry().span(), out);
                }
                for (MonitorDecl m : b.monitors()) {
                    for (FunctionRef f : m.functions()) {
                        once(monitors, "monitoring of " + f, f.span(), out);
                    }
                }
                for (MigrateDecl m : b.migrations()) {
                    once(migrations, "a migration of '" + m.what().text() + "'", m.what().span(), out);
                }
            }
        }
    }

    private static void once(Map<String, Span> seen, String what, Span span, Diagnostics out) {
        Span earlier = seen.putIfAbsent(what, span);
        if (earlier != null) {
            out.add(Messages.of("E0122", span, what, earlier.line()));
        }
    }
}
