package org.dynamos.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Parser;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.SourceFile;
import org.dynamos.syntax.TakeOverDecl;
import org.dynamos.syntax.Update;

/**
 * E0128: {@code replaces NAME [in "SCRIPT"];} names another update the compiler can read: one of
 * this script, or of SCRIPT (relative to this script's directory), written once per update.
 * W0214: the functions that update replaces and this one does not, which return to the kernel's
 * code when this one takes over, are listed, so a function dropped by mistake is seen before the
 * update runs.
 */
public final class TakeOverIsKnown implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (int i = 0; i < u.takeOvers().size(); i++) {
                TakeOverDecl t = u.takeOvers().get(i);
                if (i > 0) {
                    out.add(Messages.of("E0128", t.span(), "update '" + u.name().text() + "' replaces a second update",
                            "a cumulative update takes over from one update, the one enabled before it: keep one replaces line"));
                } else if (t.name().text().equals(u.name().text())) {
                    out.add(Messages.of("E0128", t.name().span(), "update '" + u.name().text() + "' replaces itself",
                            "name the update this one takes over from"));
                } else {
                    named(script, t, out).ifPresent(old -> dropped(u, old, t, out));
                }
            }
        }
    }

    /** The update {@code t} names, or empty after E0128. */
    private static Optional<Update> named(Script script, TakeOverDecl t, Diagnostics out) {
        Script where = script;
        if (t.script().isPresent()) {
            Path file = script.source().path().resolveSibling(t.script().get().value()).normalize();
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | java.io.UncheckedIOException e) {
                out.add(Messages.of("E0128", t.script().get().span(), "cannot read " + file,
                        "give the script defining the update, relative to this script's directory"));
                return Optional.empty();
            }
            Parser.Result parsed = Parser.parse(new SourceFile(file, text));
            if (!parsed.diagnostics().isEmpty()) {
                out.add(Messages.of("E0128", t.script().get().span(), file + " has syntax errors",
                        "run dynamos check on it first"));
                return Optional.empty();
            }
            where = parsed.script();
        }
        Optional<Update> old = where.updates().stream().filter(o -> o.name().text().equals(t.name().text())).findFirst();
        if (old.isEmpty()) {
            String in = t.script().map(s -> s.value()).orElse("this script");
            List<String> names = where.updates().stream().map(o -> o.name().text()).toList();
            out.add(Messages.of("E0128", t.name().span(), "no update '" + t.name().text() + "' in " + in,
                    names.isEmpty() ? "name the update and, if another script defines it: replaces NAME in \"SCRIPT.dyn\";"
                            : "updates there: " + String.join(", ", names)));
        }
        return old;
    }

    /**
     * The update {@code t} names, read as {@link #check} does, or empty when it cannot be found
     * (E0128 says why); for the checks of what is taken over ({@link TakenOverShadowsMatch}).
     */
    static Optional<Update> takenOver(Script script, TakeOverDecl t) {
        return named(script, t, new Diagnostics());
    }

    private static void dropped(Update u, Update old, TakeOverDecl t, Diagnostics out) {
        Set<String> kept = u.replaces().stream().map(r -> r.target().toString()).collect(Collectors.toSet());
        List<String> gone = old.replaces().stream().map(ReplaceDecl::target).map(Object::toString)
                .filter(f -> !kept.contains(f)).distinct().toList();
        if (!gone.isEmpty()) {
            out.add(Messages.of("W0214", t.span(), t.name().text(), String.join(", ", gone)));
        }
    }
}
