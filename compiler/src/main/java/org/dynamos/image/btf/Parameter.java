package org.dynamos.image.btf;

/**
 * A function parameter.
 *
 * @param name its name, empty when unknown
 * @param type its type
 */
public record Parameter(String name, CType type) {
    @Override
    public String toString() {
        return CDeclarations.declaration(type, name);
    }
}
