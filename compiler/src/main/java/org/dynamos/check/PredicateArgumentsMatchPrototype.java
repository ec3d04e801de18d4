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
import org.dynamos.image.btf.VoidType;
import org.dynamos.image.btf.StructRef;
import org.dynamos.image.btf.StructType;
import org.dynamos.plan.ArgumentAccess;
import org.dynamos.plan.ArgumentLocations;
import org.dynamos.syntax.Expr;
import org.dynamos.syntax.Ident;
import org.dynamos.syntax.ShadowDecl;
import org.dynamos.syntax.Span;
import org.dynamos.syntax.Update;

/**
 * Types {@code arg.NAME.FIELD…} in predicates from the original function's
 * BTF prototype: the argument exists (E0411), the image has a prototype
 * (E0412), it travels in the integer argument registers by the x86-64
 * calling convention ({@link ArgumentLocations}) — not on the stack (E0413),
 * nor in SSE registers or after a type the BTF does not describe (E0416) —,
 * each field exists in its struct or is one of the update's shadow fields
 * (E0414), and fields are taken of structs only (E0415). Fields of a struct
 * passed by value in registers are read from those registers. Then the whole
 * predicate is type-checked again with those types. Each resolved argument
 * also gets the C expression that reads it, for the code generator.
 */
public final class PredicateArgumentsMatchPrototype {
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
     * from memory) of some C type, a struct embedded at {@code base + offset}
     * in memory, or a struct passed by value in the integer registers from
     * {@code register} on, {@code offset} bytes into it.
     */
    private record Place(String base, long offset, CType type, Kind kind, int register) {
        enum Kind { VALUE, EMBEDDED, REGISTERS }

        static Place value(String base, CType type) {
            return new Place(base, 0, type, Kind.VALUE, -1);
        }
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
        ArgumentLocations.Location location = ArgumentLocations.of(prototype.get(), r -> image.struct(r.name()))
                .get(index);
        CType paramType = params.get(index).type();
        Place place;
        if (location instanceof ArgumentLocations.OnStack s) {
            out.add(Messages.of("E0413", name.span(), name.text(), index + 1, function, s.why()));
            return null;
        } else if (location instanceof ArgumentLocations.InSseRegisters s) {
            out.add(Messages.of("E0416", name.span(), name.text(), index + 1, function, s.what()));
            return null;
        } else if (location instanceof ArgumentLocations.Unknown u) {
            out.add(Messages.of("E0416", name.span(), name.text(), index + 1, function,
                    "cannot be located: " + u.why()));
            return null;
        } else if (location instanceof ArgumentLocations.InRegisters r) {
            CType t = paramType.unqualified();
            place = t instanceof StructRef || t instanceof StructType
                    ? new Place(null, 0, paramType, Place.Kind.REGISTERS, r.first())
                    : Place.value("call->args[" + r.first() + "]", paramType);
        } else {
            out.add(Messages.of("E0415", arg.span(), "arg." + name.text(), describe(paramType),
                    "value a predicate can compare"));
            return null;
        }
        String path = "arg." + name.text();
        for (Ident field : arg.path().subList(2, arg.path().size())) {
            CType t = place.type().unqualified();
            String base;
            long offset;
            if (place.kind() != Place.Kind.VALUE) {
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
                if (shadow.isEmpty() || field != arg.path().get(arg.path().size() - 1)
                        || place.kind() == Place.Kind.REGISTERS) {
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
            StructType.Field member = viewed(update, struct.get(), f.get());
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
                if (place.kind() == Place.Kind.REGISTERS) {
                    long bit = offset * 8 + member.bitOffset();
                    long shift = bit % 64;
                    if (shift + member.bitSize() > 64) {
                        out.add(Messages.of("E0415", arg.span(), path, "a bitfield across two registers",
                                "value a predicate can compare"));
                        return null;
                    }
                    String reg = "call->args[" + (place.register() + bit / 64) + "]";
                    String bits = "(" + (shift == 0 ? reg : "(" + reg + " >> " + shift + ")")
                            + (member.bitSize() < 64 ? " & 0x" + Long.toHexString((1L << member.bitSize()) - 1) : "")
                            + ")";
                    return new Resolved(vt, new ArgumentAccess(cName(vt), "((" + cName(vt) + ")" + bits + ")"));
                }
                return new Resolved(vt, new ArgumentAccess(cName(vt), "dynamos_load_bits(" + base + ", " + at + ", "
                        + member.bitOffset() % 8 + ", " + member.bitSize() + ")"));
            }
            if (mt instanceof StructRef || mt instanceof StructType) {
                place = new Place(base, at, member.type(), place.kind() == Place.Kind.REGISTERS
                        ? Place.Kind.REGISTERS : Place.Kind.EMBEDDED, place.register());
            } else if (place.kind() == Place.Kind.REGISTERS) {
                // a scalar in the struct's registers: the register of its eightbyte, shifted down
                String reg = "call->args[" + (place.register() + at / 8) + "]";
                place = Place.value(at % 8 == 0 ? reg : "(" + reg + " >> " + (at % 8) * 8 + ")", member.type());
            } else {
                place = Place.value("dynamos_load(" + base + ", " + at + ", " + loadType(mt) + ")", member.type());
            }
        }
        if (place.kind() != Place.Kind.VALUE) {
            out.add(Messages.of("E0415", arg.span(), path, describe(place.type()), "value a predicate can compare"));
            return null;
        }
        CType t = place.type().unqualified();
        ValueType vt = t instanceof PointerType ? ValueType.U64 : scalar(t);
        if (vt == null) {
            out.add(Messages.of("E0415", arg.span(), path, describe(place.type()), "value a predicate can compare"));
            return null;
        }
        // through the value's exact width: the upper bits of a register holding
        // a bool, char, short or int are undefined (x86-64 psABI)
        String c = t instanceof PointerType ? "unsigned long" : cName(vt);
        String cast = vt == ValueType.BOOL ? "(bool)(u8)" : "(" + c + ")";
        return new Resolved(vt, new ArgumentAccess(c, "(" + cast + place.base() + ")"));
    }

    /**
     * {@code field} of {@code struct}, typed as the update's {@code view} line says when it is a
     * {@code void *} the update declares a view of (ViewsMatchBtf checks the view itself).
     */
    private static StructType.Field viewed(Update update, StructType struct, StructType.Field field) {
        if (!(field.type().unqualified() instanceof PointerType p && p.target().unqualified() instanceof VoidType)) {
            return field;
        }
        return update.views().stream()
                .filter(v -> v.struct().text().equals(struct.name()) && v.field().text().equals(field.name()))
                .findFirst()
                .map(v -> new StructType.Field(field.name(), new PointerType(new StructRef(false, v.target().text())),
                        field.bitOffset(), field.bitSize()))
                .orElse(field);
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
