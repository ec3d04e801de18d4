package org.dynamos.check;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.SourceDecl;
import org.dynamos.syntax.Update;

/** E0103: every source file exists, relative to the script's directory. */
public final class SourceFilesExist implements ScriptCheck {

    /** Where a source line points: relative to the script's directory. */
    public static Path resolve(Script script, SourceDecl source) {
        return script.source().path().resolveSibling(source.path()).normalize();
    }

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (SourceDecl s : u.sources()) {
                Path file = resolve(script, s);
                if (!Files.isRegularFile(file)) {
                    out.add(Messages.of("E0103", s.span(), s.path(), file));
                }
            }
        }
    }
}
