package org.dynamos.image.btf;

/**
 * A {@code const}, {@code volatile} or {@code restrict} type.
 *
 * @param qualifier which qualifier
 * @param target    the qualified type
 */
public record QualifiedType(Qualifier qualifier, CType target) implements CType {

    /** The C type qualifiers BTF records. */
    public enum Qualifier {
        CONST, VOLATILE, RESTRICT;

        /** @return the keyword, e.g. {@code const} */
        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return CDeclarations.declaration(this, "");
    }
}
