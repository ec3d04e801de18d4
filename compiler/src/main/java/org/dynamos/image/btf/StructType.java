package org.dynamos.image.btf;

import java.util.List;
import java.util.Optional;

/**
 * A struct or union with its members.
 *
 * @param name   its tag, empty for an anonymous one
 * @param union  whether it is a union
 * @param size   size in bytes
 * @param fields the members in declaration order
 */
public record StructType(String name, boolean union, long size, List<Field> fields) implements CType {

    public StructType {
        fields = List.copyOf(fields);
    }

    /**
     * One member.
     *
     * @param name      its name, empty for an anonymous struct or union member
     * @param type      its type
     * @param bitOffset offset from the start of the enclosing struct, in bits
     * @param bitSize   width of a bitfield, 0 for an ordinary member
     */
    public record Field(String name, CType type, long bitOffset, int bitSize) {
        /** @return whether this member is a bitfield */
        public boolean isBitfield() {
            return bitSize != 0;
        }

        /** @return the byte offset (of the containing storage unit, for a bitfield) */
        public long byteOffset() {
            return bitOffset / 8;
        }

        @Override
        public String toString() {
            return CDeclarations.declaration(type, name) + (bitSize != 0 ? " : " + bitSize : "");
        }
    }

    /**
     * @return the member called {@code name}, looking through anonymous struct and union members
     *         as C does (the offset returned is then relative to this struct)
     */
    public Optional<Field> field(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
            if (f.name().isEmpty() && f.type().unqualified() instanceof StructType inner) {
                Optional<Field> found = inner.field(name);
                if (found.isPresent()) {
                    Field g = found.get();
                    return Optional.of(new Field(g.name(), g.type(), f.bitOffset() + g.bitOffset(), g.bitSize()));
                }
            }
        }
        return Optional.empty();
    }

    /** @return the C definition, one member per line */
    public String definition() {
        return CDeclarations.definition(this);
    }

    @Override
    public String toString() {
        if (!name.isEmpty()) {
            return (union ? "union " : "struct ") + name;
        }
        return CDeclarations.declaration(this, "");
    }
}
