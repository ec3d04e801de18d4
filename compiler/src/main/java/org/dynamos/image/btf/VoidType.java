package org.dynamos.image.btf;

/** {@code void} (BTF type id 0), also what a forward-declared or unknown type degrades to. */
public record VoidType() implements CType {
    /** The one value. */
    public static final VoidType VOID = new VoidType();

    @Override
    public String toString() {
        return "void";
    }
}
