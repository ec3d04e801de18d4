package org.dynamos.diag;

import java.util.Optional;
import org.dynamos.syntax.Span;

/**
 * One finding about a script or its sources.
 *
 * @param code stable code, documented by {@code dynamos explain CODE}
 * @param span where the problem is (printed with the source line and carets)
 * @param help how to fix it, when there is something to say
 * @param notes further lines printed after the help (e.g. candidate lists)
 */
public record Diagnostic(String code, Severity severity, Span span, String message,
                         Optional<String> help, java.util.List<String> notes) {

    public Diagnostic {
        notes = java.util.List.copyOf(notes);
    }
}
