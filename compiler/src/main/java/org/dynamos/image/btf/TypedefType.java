package org.dynamos.image.btf;

/**
 * A typedef name ({@code u32}, {@code pid_t}).
 *
 * @param name   the typedef's name
 * @param target the type it stands for
 */
public record TypedefType(String name, CType target) implements CType {
    @Override
    public String toString() {
        return name;
    }
}
