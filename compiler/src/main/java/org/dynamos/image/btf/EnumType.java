package org.dynamos.image.btf;

import java.util.List;

/**
 * An enumeration ({@code ENUM} or {@code ENUM64} in BTF).
 *
 * @param name   its tag, empty for an anonymous one
 * @param size   size in bytes (4 or 8)
 * @param signed whether its values are signed
 * @param values the enumerators in declaration order
 */
public record EnumType(String name, int size, boolean signed, List<Enumerator> values) implements CType {

    public EnumType {
        values = List.copyOf(values);
    }

    /**
     * One enumerator.
     *
     * @param name  its name
     * @param value its value (an unsigned 64-bit value is stored in two's complement)
     */
    public record Enumerator(String name, long value) {
    }

    @Override
    public String toString() {
        return name.isEmpty() ? "enum {...}" : "enum " + name;
    }
}
