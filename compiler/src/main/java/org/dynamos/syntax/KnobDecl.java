package org.dynamos.syntax;

import java.util.Optional;

/** {@code knob NAME: TYPE [= VALUE] [in LO..HI];}: a typed value the administrator may change at run time. */
public record KnobDecl(Ident name, Ident type, Optional<Literal> value, Optional<Literal> low, Optional<Literal> high,
                       Span span) {
}
