package org.dynamos.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.diag.NameSuggestions;
import org.dynamos.syntax.Body;
import org.dynamos.syntax.Ident;
import org.dynamos.syntax.SafepointDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.Update;

/**
 * E0117 (a scope naming nothing of the update), E0118 (two safe points for
 * the same scope): a safe point's scope names groups or replaced functions
 * of the same update or phase, and each gets one safe point.
 */
public final class SafepointScopesResolve implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (Body b : u.bodies()) {
                check(b, out);
            }
        }
    }

    private static void check(Body b, Diagnostics out) {
        List<String> names = new ArrayList<>();
        b.groups().forEach(g -> names.add(g.name().text()));
        b.allReplaces().forEach(r -> names.add(r.target().name().text()));
        Map<String, SafepointDecl> claimed = new HashMap<>();
        for (SafepointDecl s : b.safepoints()) {
            if (s.scope().isEmpty()) {
                claim("the whole update", s, s.kindSpan(), claimed, out);
            }
            for (Ident scope : s.scope()) {
                if (!names.contains(scope.text())) {
                    List<String> close = NameSuggestions.closest(scope.text(), names, 2);
                    out.add(Messages.of("E0117", scope.span(), scope.text(),
                            close.isEmpty() ? "it can name: " + (names.isEmpty() ? "(nothing yet)" : String.join(", ", names))
                                    : "did you mean " + NameSuggestions.quoteList(close) + "?"));
                } else {
                    claim("'" + scope.text() + "'", s, scope.span(), claimed, out);
                }
            }
        }
    }

    private static void claim(String what, SafepointDecl s, org.dynamos.syntax.Span where,
                              Map<String, SafepointDecl> claimed, Diagnostics out) {
        SafepointDecl earlier = claimed.putIfAbsent(what, s);
        if (earlier != null) {
            out.add(Messages.of("E0118", where, what, earlier.span().line()));
        }
    }
}
