package org.dynamos.image.btf;

import java.util.List;

/**
 * A function type ({@code FUNC_PROTO} in BTF): what a function pointer points to.
 *
 * @param returnType the return type
 * @param parameters the parameters; their names are empty where BTF has none
 * @param variadic   whether it ends with {@code ...}
 */
public record FunctionType(CType returnType, List<Parameter> parameters, boolean variadic) implements CType {

    public FunctionType {
        parameters = List.copyOf(parameters);
    }

    @Override
    public String toString() {
        return CDeclarations.declaration(this, "");
    }
}
