package org.dynamos.check;

import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.StringDecl;
import org.dynamos.syntax.Update;

/** E0111: a kernel release pattern is a glob over the characters a release string uses. */
public final class KernelPatternIsValid implements ScriptCheck {

    @Override
    public void check(Script script, Diagnostics out) {
        for (Update u : script.updates()) {
            for (StringDecl k : u.kernels()) {
                if (!k.value().matches("[A-Za-z0-9._+~*?-]+")) {
                    out.add(Messages.of("E0111", k.span(), k.value()));
                }
            }
        }
    }

    /** Whether {@code release} matches the glob {@code pattern} ({@code *} any run, {@code ?} one character). */
    public static boolean matches(String pattern, String release) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return release.matches(regex.toString());
    }
}
