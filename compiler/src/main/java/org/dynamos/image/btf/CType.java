package org.dynamos.image.btf;

/**
 * A C type as the kernel's BTF describes it. Named structs and unions appear as
 * {@link StructRef}s (resolve them with {@code KernelImage.struct(name)}), so the model has no
 * cycles; anonymous ones are inlined as {@link StructType}s. {@link #toString()} prints the type
 * as C writes it ({@code const struct path *}); {@link CDeclarations} prints declarations.
 */
public sealed interface CType permits VoidType, IntType, FloatType, PointerType, ArrayType, QualifiedType,
        TypedefType, StructRef, StructType, EnumType, FunctionType {

    /**
     * @return this type without typedefs and qualifiers ({@code const u32} → {@code unsigned int}); a
     *         {@link StructRef} stays a reference
     */
    default CType unqualified() {
        CType t = this;
        while (true) {
            if (t instanceof TypedefType td) {
                t = td.target();
            } else if (t instanceof QualifiedType q) {
                t = q.target();
            } else {
                return t;
            }
        }
    }
}
