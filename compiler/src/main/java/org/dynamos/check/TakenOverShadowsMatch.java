package org.dynamos.check;

import java.util.Optional;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.ShadowDecl;
import org.dynamos.syntax.TakeOverDecl;
import org.dynamos.syntax.Update;

/**
 * E0130: a cumulative update inherits the values of every shadow field the update it replaces
 * declares with the same {@code STRUCT.FIELD}, so the two must declare it with the same type: a
 * value set as a {@code u64} is not an {@code s32}. The runtime hands over only fields whose types
 * match; this check makes a mismatch an error before anything is built.
 */
public final class TakenOverShadowsMatch implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            if (u.takeOvers().size() != 1 || u.shadows().isEmpty()) {
                continue;   // none, or E0128
            }
            TakeOverDecl t = u.takeOvers().get(0);
            if (t.name().text().equals(u.name().text())) {
                continue;   // E0128
            }
            TakeOverIsKnown.takenOver(script, t).ifPresent(old -> {
                for (ShadowDecl sh : u.shadows()) {
                    same(old, sh).filter(o -> !o.type().text().equals(sh.type().text())).ifPresent(o ->
                            out.add(Messages.of("E0130", sh.type().span(), name(sh), sh.type().text(),
                                    old.name().text(), o.type().text(), t.script().map(s -> s.value() + ":").orElse("line ")
                                            + o.span().line())));
                }
            });
        }
    }

    /** The field of {@code old} with the name of {@code sh}. */
    private static Optional<ShadowDecl> same(Update old, ShadowDecl sh) {
        return old.shadows().stream().filter(o -> name(o).equals(name(sh))).findFirst();
    }

    private static String name(ShadowDecl sh) {
        return sh.struct().text() + "." + sh.field().text();
    }
}
