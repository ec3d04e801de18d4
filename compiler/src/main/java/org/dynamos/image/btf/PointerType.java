package org.dynamos.image.btf;

/**
 * A pointer.
 *
 * @param target the pointed-to type
 */
public record PointerType(CType target) implements CType {
    @Override
    public String toString() {
        return CDeclarations.declaration(this, "");
    }
}
