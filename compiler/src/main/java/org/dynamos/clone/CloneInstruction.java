package org.dynamos.clone;

import java.util.List;

/**
 * One instruction of the original as it appears in the clone: the bytes to emit (position-dependent
 * fields hold zero), the fields, and what was done.
 *
 * @param origin   the original instruction's address (the clone's label for it)
 * @param original the original instruction's length
 * @param bytes    the bytes to emit
 * @param fields   the position-dependent fields, by offset
 * @param rewrite  what the engine did
 * @param text     the original instruction in AT&amp;T syntax (may be null when decoded without text)
 */
public record CloneInstruction(long origin, int original, byte[] bytes, List<Field> fields, Rewrite rewrite, String text) {
    public CloneInstruction {
        fields = List.copyOf(fields);
    }

    /** @return the emitted length */
    public int size() {
        return bytes.length;
    }
}
