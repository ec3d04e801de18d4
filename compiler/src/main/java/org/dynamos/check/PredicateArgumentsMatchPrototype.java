package org.dynamos.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.diag.NameSuggestions;
import org.dynamos.image.KernelImage;
import org.dynamos.image.btf.CType;
import org.dynamos.image.btf.EnumType;
import org.dynamos.image.btf.FunctionPrototype;
import org.dynamos.image.btf.IntType;
import org.dynamos.image.btf.Parameter;
import org.dynamos.image.btf.PointerType;
import org.dynamos.image.btf.QualifiedType;
import org.dynamos.image.btf.StructRef;
import org.dynamos.image.btf.StructType;
import org.dynamos.image.btf.TypedefType;
import org.dynamos.syntax.Expr;
import org.dynamos.syntax.Ident;
import org.dynamos.syntax.ShadowDecl;
import org.dynamos.syntax.Update;

/**
 * Types {@code arg.NAME.FIELD…} in predicates from the original function's
 * BTF prototype: the argument exists (E0411), the image has a prototype
 * (E0412), it travels in one of the six argument registers (E0413), each
 * field exists in its struct or is one of the update's shadow fields
 * (E0414), and fields are taken of structs only (E0415). Then the whole
 * predicate is type-checked again with those types.
 */
public final class PredicateArgumentsMatchPrototype {
    /** x86-64 passes the first six integer arguments in registers; the dispatch reads only those. */
    static final int REGISTER_SLOTS = 6;

    private PredicateArgumentsMatchPrototype() {
    }

    /** Checks every predicate of the versions of {@code function} (a resolved replace target). */
    public static void check(Update update, String function, List<Expr> predicates, KernelImage image,
                             Diagnostics out) {
        Optional<FunctionPrototype> prototype = image.prototype(function);
        for (Expr p : predicates) {
            PredicatesAreWellTyped.check(p, update, (arg, d) -> type(arg, function, prototype, update, image, d), out);
        }
    }

    private static ValueType type(Expr.Ref arg, String function, Optional<FunctionPrototype> prototype,
                                  Update update, KernelImage image, Diagnostics out) {
        Ident name = arg.path().get(1);
        if (prototype.isEmpty()) {
            out.add(Messages.of("E0412", name.span(), function));
            return null;
        }
        List<Parameter> params = prototype.get().parameters();
        int index = prototype.get().indexOf(name.text()).orElse(-1);
        if (index < 0) {
            List<String> names = params.stream().map(Parameter::name).toList();
            List<String> close = NameSuggestions.closest(name.text(), names, 2);
            out.add(Messages.of("E0411", name.span(), function, name.text(),
                    (close.isEmpty() ? "" : "did you mean " + NameSuggestions.quoteList(close) + "? ")
                            + "the prototype is: " + prototype.get()));
            return null;
        }
        if (index >= REGISTER_SLOTS) {
            out.add(Messages.of("E0413", name.span(), name.text(), index + 1, function));
            return null;
        }
        CType type = params.get(index).type();
        String path = "arg." + name.text();
        for (Ident field : arg.path().subList(2, arg.path().size())) {
            Optional<StructType> struct = structBehind(type, image);
            if (struct.isEmpty()) {
                out.add(Messages.of("E0415", field.span(), path, describe(type), "field '" + field.text() + "'"));
                return null;
            }
            Optional<StructType.Field> f = struct.get().field(field.text());
            if (f.isPresent()) {
                type = f.get().type();
            } else {
                Optional<ShadowDecl> shadow = update.shadows().stream()
                        .filter(s -> s.struct().text().equals(struct.get().name())
                                && s.field().text().equals(field.text())).findFirst();
                if (shadow.isEmpty()) {
                    List<String> names = new ArrayList<>(struct.get().fields().stream().map(StructType.Field::name).toList());
                    List<String> close = NameSuggestions.closest(field.text(), names, 2);
                    out.add(Messages.of("E0414", field.span(), "struct " + struct.get().name(), field.text(),
                            close.isEmpty() ? "declare a shadow field to add one: shadow " + struct.get().name() + "."
                                    + field.text() + ": u64;" : "did you mean " + NameSuggestions.quoteList(close) + "?"));
                    return null;
                }
                return ValueType.named(shadow.get().type().text()).orElse(null);
            }
            path += "." + field.text();
        }
        return valueType(type, path, arg, out);
    }

    private static ValueType valueType(CType type, String path, Expr.Ref arg, Diagnostics out) {
        CType t = strip(type);
        if (t instanceof IntType i) {
            if (i.name().equals("_Bool")) {
                return ValueType.BOOL;
            }
            return integer(i.size(), i.signed());
        }
        if (t instanceof EnumType e) {
            return integer(e.size(), e.signed());
        }
        if (t instanceof PointerType) {
            return ValueType.U64;
        }
        out.add(Messages.of("E0415", arg.span(), path, describe(type), "value a predicate can compare"));
        return null;
    }

    private static ValueType integer(int size, boolean signed) {
        return switch (size) {
            case 1 -> signed ? ValueType.S8 : ValueType.U8;
            case 2 -> signed ? ValueType.S16 : ValueType.U16;
            case 4 -> signed ? ValueType.S32 : ValueType.U32;
            default -> signed ? ValueType.S64 : ValueType.U64;
        };
    }

    /** The struct a value or pointer leads to, typedefs and qualifiers looked through. */
    private static Optional<StructType> structBehind(CType type, KernelImage image) {
        CType t = strip(type);
        if (t instanceof PointerType p) {
            t = strip(p.target());
        }
        if (t instanceof StructType s) {
            return Optional.of(s);
        }
        if (t instanceof StructRef r && r.name() != null) {
            return image.struct(r.name());
        }
        return Optional.empty();
    }

    private static CType strip(CType t) {
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

    private static String describe(CType type) {
        return org.dynamos.image.btf.CDeclarations.declaration(type, "").strip();
    }
}
