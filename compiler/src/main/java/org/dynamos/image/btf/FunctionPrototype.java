package org.dynamos.image.btf;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The prototype of a kernel function, from BTF: {@code toString()} prints it as C declares it,
 * e.g. {@code int may_open(struct user_namespace *mnt_userns, const struct path *path, int acc_mode, int flag)}.
 *
 * @param name the function's name
 * @param type its return type and parameters
 */
public record FunctionPrototype(String name, FunctionType type) {

    /** @return the return type */
    public CType returnType() {
        return type.returnType();
    }

    /** @return the parameters in order */
    public List<Parameter> parameters() {
        return type.parameters();
    }

    /** @return the parameter called {@code parameterName} */
    public Optional<Parameter> parameter(String parameterName) {
        return parameters().stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    /** @return the position (0-based) of the parameter called {@code parameterName} */
    public OptionalInt indexOf(String parameterName) {
        List<Parameter> ps = parameters();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).name().equals(parameterName)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    @Override
    public String toString() {
        return CDeclarations.declaration(type, name);
    }
}
