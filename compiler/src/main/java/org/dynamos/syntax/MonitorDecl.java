package org.dynamos.syntax;

import java.util.List;

/** {@code monitor F, G;}: count calls (and time them where exits can be tracked). */
public record MonitorDecl(List<FunctionRef> functions, Span span) {

    public MonitorDecl {
        functions = List.copyOf(functions);
    }
}
