package org.dynamos.diag;

import org.dynamos.syntax.Span;

/**
 * Renders a diagnostic the way compilers do:
 * <pre>
 * path:line:col: error[E0201]: message
 *    3 |     replace cmdline_proc_shw with v2;
 *      |             ^^^^^^^^^^^^^^^^
 *   help: …
 * </pre>
 */
public final class DiagnosticPrinter {

    private DiagnosticPrinter() {
    }

    public static String render(Diagnostic d) {
        Span s = d.span();
        StringBuilder out = new StringBuilder();
        out.append(s.source().path()).append(':').append(s.line()).append(':').append(s.column())
                .append(": ").append(d.severity().label()).append('[').append(d.code()).append("]: ")
                .append(d.message()).append('\n');
        String text = printable(s.source().line(s.line()));
        if (!text.isEmpty() || s.line() <= s.source().lineCount()) {
            String number = Integer.toString(s.line());
            String gutter = " ".repeat(number.length());
            out.append(' ').append(number).append(" | ").append(text).append('\n');
            int from = Math.min(s.column(), text.length() + 1);
            int to = s.endLine() == s.line() ? s.endColumn() : text.length() + 1;
            int width = Math.max(1, to - from);
            out.append(' ').append(gutter).append(" | ").append(" ".repeat(from - 1)).append("^".repeat(width)).append('\n');
        }
        d.help().ifPresent(h -> out.append("  help: ").append(h.replace("\n", "\n        ")).append('\n'));
        for (String note : d.notes()) {
            out.append("        ").append(note).append('\n');
        }
        return out.toString();
    }

    /** Tabs become one space (so carets line up) and control characters a '?'. */
    private static String printable(String line) {
        StringBuilder b = new StringBuilder(line.length());
        line.codePoints().forEach(c -> b.append(c == '\t' ? " " : Character.isISOControl(c) ? "?" : Character.toString(c)));
        return b.toString();
    }
}
