package org.dynamos.image.btf;

/**
 * A floating-point type.
 *
 * @param name its C name
 * @param size size in bytes
 */
public record FloatType(String name, int size) implements CType {
    @Override
    public String toString() {
        return name;
    }
}
