package org.dynamos.syntax;

import java.util.List;

/** A parsed update script: the updates it declares, in order. */
public record Script(SourceFile source, List<Update> updates) {

    public Script {
        updates = List.copyOf(updates);
    }
}
