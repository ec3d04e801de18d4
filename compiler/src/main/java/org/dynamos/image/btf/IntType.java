package org.dynamos.image.btf;

/**
 * An integer type ({@code int}, {@code unsigned long}, {@code _Bool}, {@code char}).
 *
 * @param name   its C name
 * @param size   size in bytes
 * @param signed whether it is signed
 */
public record IntType(String name, int size, boolean signed) implements CType {
    @Override
    public String toString() {
        return name;
    }
}
