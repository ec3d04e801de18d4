package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.SafepointDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Span;
import org.dynamos.syntax.Update;

/**
 * E0304, at build time only: what the runtime can run today. It redirects
 * unconditional replace lines (alone or in groups: all functions of an
 * update switch together) at an immediate safe point; `check` validates the
 * rest of the language, which later runtimes build.
 */
public final class RuntimeSupport implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            u.knobs().forEach(k -> unsupported("a knob", k.span(), out));
            u.shadows().forEach(s -> unsupported("a shadow field", s.span(), out));
            u.phases().forEach(p -> unsupported("a multi-phase update", p.name().span(), out));
            for (Body b : u.bodies()) {
                for (ReplaceDecl r : b.allReplaces()) {
                    if (!r.isUnconditional()) {
                        unsupported("choosing between versions per call", r.span(), out);
                    }
                }
                for (SafepointDecl s : b.safepoints()) {
                    if (s.kind() != SafepointDecl.Kind.IMMEDIATE) {
                        unsupported("a " + s.kind().keyword() + " safe point", s.span(), out);
                    }
                }
                b.restarts().forEach(r -> unsupported("a kernel-thread restart", r.span(), out));
                b.hooks().forEach(h -> unsupported("an 'on " + h.event().keyword() + "' hook", h.span(), out));
                b.migrations().forEach(m -> unsupported("a migration", m.span(), out));
                b.monitors().forEach(m -> unsupported("monitoring", m.span(), out));
            }
        }
    }

    private static void unsupported(String what, Span span, Diagnostics out) {
        out.add(Messages.of("E0304", span, what));
    }
}
