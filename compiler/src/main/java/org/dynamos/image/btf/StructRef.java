package org.dynamos.image.btf;

/**
 * A named struct or union used as a type ({@code struct path}); its members are looked up by name
 * ({@code KernelImage.struct(name)}), which keeps self-referencing types finite.
 *
 * @param union whether it is a union
 * @param name  its tag
 */
public record StructRef(boolean union, String name) implements CType {
    @Override
    public String toString() {
        return (union ? "union " : "struct ") + name;
    }
}
