package org.dynamos.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.diag.NameSuggestions;
import org.dynamos.image.KernelImage;
import org.dynamos.image.btf.CDeclarations;
import org.dynamos.image.btf.CType;
import org.dynamos.image.btf.EnumType;
import org.dynamos.image.btf.FunctionPrototype;
import org.dynamos.image.btf.IntType;
import org.dynamos.image.btf.Parameter;
import org.dynamos.image.btf.PointerType;
import org.dynamos.image.btf.StructRef;
import org.dynamos.image.btf.StructType;
import org.dynamos.plan.ArgumentAccess;
import org.dynamos.syntax.Expr;
import org.dynamos.syntax.Ident;
import org.dynamos.syntax.ShadowDecl;
import org.dynamos.syntax.Span;
import org.dynamos.syntax.Update;

/**
 * Types {@code arg.NAME.FIELD…} in predicates from the original function's
 * BTF prototype: the argument exists (E0411), the image has a prototype
 * (E0412), it travels in one of the six argument registers (E0413), each
 * field exists in its struct or is one of the update's shadow fields
 * (E0414), and fields are taken of structs only (E0415). Then the whole
 * predicate is type-checked again with those types. Each resolved argument
 * also gets the C expression that reads it, for the code generator.
 */
public final class PredicateArgumentsMatchPrototype {
    /** x86-64 passes the first six integer arguments in registers; the dispatch reads only those. */
    static final int REGISTER_SLOTS = 6;

    private PredicateArgumentsMatchPrototype() {
    }

    /**
     * Checks every predicate of the versions of {@code function} (a resolved
     * replace target), adding the access of each argument reference to {@code accesses}.
     */
    public static void check(Update update, String function, List<Expr> predicates, KernelImage image,
                             Map<Span, ArgumentAccess> accesses, Diagnostics out) {
        Optional<FunctionPrototype> prototype = image.prototype(function);
        for (Expr p : predicates) {
            PredicatesAreWellTyped.check(p, update, (arg, d) -> {
                Resolved r = resolve(arg, function, prototype, update, image, d);
                if (r == null) {
                    return null;
                }
                accesses.put(arg.span(), r.access());
                return r.type();
            }, out);
        }
    }

    /** A resolved argument: its type for the checker and its access for the generator. */
    private record Resolved(ValueType type, ArgumentAccess access) {
    }

    /**
     * Where the walk along the fields is: a value (in a register or loaded
     * from memory) of some C type, or a struct embedded at {@code base + offset}.
     */
    private record Place(String base, long offset, CType type, boolean embedded) {
    }

    private static Resolved resolve(Expr.Ref arg, String function, Optional<FunctionPrototype> prototype,
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
        Place place = new Place("call->args[" + index + "]", 0, params.get(index).type(), false);
        String path = "arg." + name.text();
        for (Ident field : arg.path().subList(2, arg.path().size())) {
            CType t = place.type().unqualified();
            String base;
            long offset;
            if (place.embedded()) {
                base = place.base();
                offset = place.offset();
            } else if (t instanceof PointerType p) {
                base = place.base();
                offset = 0;
                t = p.target().unqualified();
            } else {
                out.add(Messages.of("E0415", field.span(), path, describe(place.type()), "field '" + field.text() + "'"));
                return null;
            }
            Optional<StructType> struct = struct(t, image);
            if (struct.isEmpty()) {
                out.add(Messages.of("E0415", field.span(), path, describe(place.type()), "field '" + field.text() + "'"));
                return null;
            }
            Optional<StructType.Field> f = struct.get().field(field.text());
            if (f.isEmpty()) {
                Optional<ShadowDecl> shadow = update.shadows().stream()
                        .filter(s -> s.struct().text().equals(struct.get().name())
                                && s.field().text().equals(field.text())).findFirst();
                if (shadow.isEmpty() || field != arg.path().get(arg.path().size() - 1)) {
                    List<String> names = new ArrayList<>(struct.get().fields().stream().map(StructType.Field::name).toList());
                    List<String> close = NameSuggestions.closest(field.text(), names, 2);
                    out.add(Messages.of("E0414", field.span(), "struct " + struct.get().name(), field.text(),
                            close.isEmpty() ? "declare a shadow field to add one: shadow " + struct.get().name() + "."
                                    + field.text() + ": u64;" : "did you mean " + NameSuggestions.quoteList(close) + "?"));
                    return null;
                }
                ValueType vt = ValueType.named(shadow.get().type().text()).orElse(null);
                if (vt == null) {
                    return null;
                }
                String c = cName(vt);
                return new Resolved(vt, new ArgumentAccess(c, "dynamos_shadow_load(" + address(base, offset) + ", "
                        + shadowId(update, shadow.get()) + ", " + c + ")"));
            }
            StructType.Field member = f.get();
            long at = offset + member.byteOffset();
            CType mt = member.type().unqualified();
            path += "." + field.text();
            if (member.isBitfield()) {
                if (field != arg.path().get(arg.path().size() - 1)) {
                    out.add(Messages.of("E0415", field.span(), path, "a bitfield", "fields"));
                    return null;
                }
                ValueType vt = scalar(mt);
                if (vt == null) {
                    out.add(Messages.of("E0415", arg.span(), path, describe(member.type()), "value a predicate can compare"));
                    return null;
                }
                return new Resolved(vt, new ArgumentAccess(cName(vt), "dynamos_load_bits(" + base + ", " + at + ", "
                        + member.bitOffset() % 8 + ", " + member.bitSize() + ")"));
            }
            if (mt instanceof StructRef || mt instanceof StructType) {
                place = new Place(base, at, member.type(), true);
            } else {
                place = new Place("dynamos_load(" + base + ", " + at + ", " + loadType(mt) + ")", 0, member.type(), false);
            }
        }
        if (place.embedded()) {
            out.add(Messages.of("E0415", arg.span(), path, describe(place.type()), "value a predicate can compare"));
            return null;
        }
        CType t = place.type().unqualified();
        ValueType vt = t instanceof PointerType ? ValueType.U64 : scalar(t);
        if (vt == null) {
            out.add(Messages.of("E0415", arg.span(), path, describe(place.type()), "value a predicate can compare"));
            return null;
        }
        String c = t instanceof PointerType ? "unsigned long" : cName(vt);
        return new Resolved(vt, new ArgumentAccess(c, "((" + c + ")" + place.base() + ")"));
    }

    private static String address(String base, long offset) {
        return offset == 0 ? base : "(" + base + " + " + offset + ")";
    }

    /** The id of a shadow field: the update's name and the field's position, unique per update. */
    static String shadowId(Update update, ShadowDecl shadow) {
        return "DYNAMOS_SHADOW_" + update.shadows().indexOf(shadow);
    }

    private static ValueType scalar(CType t) {
        if (t instanceof IntType i) {
            return i.name().equals("_Bool") ? ValueType.BOOL : integer(i.size(), i.signed());
        }
        if (t instanceof EnumType e) {
            return integer(e.size(), e.signed());
        }
        return null;
    }

    /** The C type a field is loaded as: its own width (pointers as unsigned long). */
    private static String loadType(CType t) {
        if (t instanceof PointerType) {
            return "unsigned long";
        }
        ValueType vt = scalar(t);
        return vt == null ? "unsigned long" : cName(vt);
    }

    static String cName(ValueType t) {
        return t == ValueType.BOOL ? "bool" : t.toString();
    }

    private static ValueType integer(int size, boolean signed) {
        return switch (size) {
            case 1 -> signed ? ValueType.S8 : ValueType.U8;
            case 2 -> signed ? ValueType.S16 : ValueType.U16;
            case 4 -> signed ? ValueType.S32 : ValueType.U32;
            default -> signed ? ValueType.S64 : ValueType.U64;
        };
    }

    private static Optional<StructType> struct(CType t, KernelImage image) {
        if (t instanceof StructType s) {
            return Optional.of(s);
        }
        if (t instanceof StructRef r && r.name() != null && !r.name().isEmpty()) {
            return image.struct(r.name());
        }
        return Optional.empty();
    }

    private static String describe(CType type) {
        return CDeclarations.declaration(type, "").strip();
    }
}
