package org.dynamos.image.btf;

/**
 * An array.
 *
 * @param element the element type
 * @param length  the number of elements (0 for a flexible array member)
 */
public record ArrayType(CType element, long length) implements CType {
    @Override
    public String toString() {
        return CDeclarations.declaration(this, "");
    }
}
