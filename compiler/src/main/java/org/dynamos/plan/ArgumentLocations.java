package org.dynamos.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.dynamos.image.btf.ArrayType;
import org.dynamos.image.btf.CType;
import org.dynamos.image.btf.EnumType;
import org.dynamos.image.btf.FloatType;
import org.dynamos.image.btf.FunctionPrototype;
import org.dynamos.image.btf.IntType;
import org.dynamos.image.btf.Parameter;
import org.dynamos.image.btf.PointerType;
import org.dynamos.image.btf.StructRef;
import org.dynamos.image.btf.StructType;
import org.dynamos.image.btf.VoidType;

/**
 * Where each argument of a function travels at its entry, by the x86-64
 * System V calling convention (psABI §3.2.3), from the BTF prototype: scalars
 * and structs of up to 16 bytes whose eightbytes are all of class INTEGER take
 * one or two of the six integer registers rdi, rsi, rdx, rcx, r8, r9, in
 * order; floating-point values and SSE-class structs take xmm registers;
 * larger structs, {@code long double}, structs with unaligned fields, and
 * whatever no longer finds enough registers of its class go on the stack
 * (then later, smaller arguments may still take the registers left). A return
 * value passed in memory (a struct of more than 16 bytes) takes rdi for its
 * address before any argument.
 *
 * <p>The dispatch saves only the six integer registers, so a predicate can
 * read an argument only when it is {@link InRegisters}.
 */
public final class ArgumentLocations {
    /** The integer argument registers, in order. */
    public static final List<String> REGISTERS = List.of("rdi", "rsi", "rdx", "rcx", "r8", "r9");
    static final int SSE_REGISTERS = 8;

    private ArgumentLocations() {
    }

    /** Where one argument is. */
    public sealed interface Location {
    }

    /**
     * In {@code count} consecutive integer registers from index {@code first}
     * (0 = rdi), the first eightbyte of a struct in the first of them.
     */
    public record InRegisters(int first, int count) implements Location {
        /** The registers by name, e.g. {@code r8:r9}. */
        public String names() {
            return String.join(":", REGISTERS.subList(first, first + count));
        }
    }

    /** On the stack; {@code why} completes "it is passed on the stack: ...". */
    public record OnStack(String why) implements Location {
    }

    /** In SSE (xmm) registers, wholly or in part; {@code what} says what it is. */
    public record InSseRegisters(String what) implements Location {
    }

    /** Not placeable: its type is not fully described by the BTF (an unknown struct). */
    public record Unknown(String why) implements Location {
    }

    /** An empty struct: it takes nothing. */
    public record Nowhere() implements Location {
    }

    /** The classes of an eightbyte (psABI Figure 3.1; X87 and X87UP merged, as both go to memory here). */
    enum ArgClass { NONE, INTEGER, SSE, SSEUP, X87, MEMORY }

    /** A type's classes, one per eightbyte, or why it could not be classified. */
    private record Classified(ArgClass[] eightbytes, String unknown) {
        boolean isMemory() {
            return eightbytes.length > 0 && eightbytes[0] == ArgClass.MEMORY;
        }
    }

    private static final class UnknownType extends Exception {
        UnknownType(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param prototype the function's prototype
     * @param structs   looks up a named struct or union (the image's BTF)
     * @return the location of each parameter, in order
     */
    public static List<Location> of(FunctionPrototype prototype, Function<StructRef, Optional<StructType>> structs) {
        List<Location> out = new ArrayList<>();
        int ints = 0;
        int sse = 0;
        String hidden = null;
        Classified ret = classify(prototype.returnType(), structs);
        if (ret.unknown() == null && ret.isMemory()) {
            ints = 1; // rdi: where the caller wants the returned struct
            hidden = "rdi holds the address of the returned " + prototype.returnType();
        }
        List<String> twoRegisters = new ArrayList<>();
        for (Parameter p : prototype.parameters()) {
            Classified c = classify(p.type(), structs);
            if (c.unknown() != null) {
                out.add(new Unknown(c.unknown()));
                // nothing after it can be placed either
                ints = REGISTERS.size() + 1;
                continue;
            }
            if (c.eightbytes().length == 0) {
                out.add(new Nowhere());
                continue;
            }
            if (c.isMemory()) {
                out.add(new OnStack(memoryReason(p.type(), structs)));
                continue;
            }
            int needInt = 0;
            int needSse = 0;
            for (ArgClass e : c.eightbytes()) {
                if (e == ArgClass.INTEGER) {
                    needInt++;
                } else if (e == ArgClass.SSE) {
                    needSse++;
                }
            }
            if (ints > REGISTERS.size()) {
                out.add(new Unknown("an argument before it has a type the BTF does not describe"));
                continue;
            }
            if (ints + needInt > REGISTERS.size() || sse + needSse > SSE_REGISTERS) {
                String why = ints + needInt > REGISTERS.size()
                        ? (ints < REGISTERS.size()
                                ? "it needs two integer registers and the arguments before it leave only r9"
                                : "the arguments before it take all six integer registers")
                        : "the arguments before it take all eight SSE registers";
                List<String> notes = new ArrayList<>(twoRegisters);
                if (hidden != null) {
                    notes.add(0, hidden);
                }
                out.add(new OnStack(why + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")")));
                continue;
            }
            if (needSse > 0) {
                out.add(new InSseRegisters(describeSse(p.type(), needInt)));
                ints += needInt;
                sse += needSse;
                continue;
            }
            out.add(new InRegisters(ints, needInt));
            if (needInt == 2) {
                twoRegisters.add(p.type() + " " + p.name() + " takes two");
            }
            ints += needInt;
        }
        return List.copyOf(out);
    }

    private static String memoryReason(CType type, Function<StructRef, Optional<StructType>> structs) {
        CType t = type.unqualified();
        if (t instanceof FloatType) {
            return "it is a " + t + " (x87)";
        }
        long size = sizeOrZero(t, structs);
        if (size > 16) {
            return "it is a " + type + " of " + size + " bytes, passed by value (larger than 16 bytes)";
        }
        return "it is a " + type + " passed by value with unaligned or x87 fields";
    }

    private static String describeSse(CType type, int ints) {
        CType t = type.unqualified();
        if (t instanceof FloatType) {
            return "is a " + type + ", passed in an SSE register";
        }
        return "is a " + type + " passed by value " + (ints > 0 ? "partly " : "") + "in SSE registers";
    }

    private static long sizeOrZero(CType t, Function<StructRef, Optional<StructType>> structs) {
        try {
            return size(t, structs);
        } catch (UnknownType e) {
            return 0;
        }
    }

    private static Classified classify(CType type, Function<StructRef, Optional<StructType>> structs) {
        CType t = type.unqualified();
        try {
            if (t instanceof VoidType) {
                return new Classified(new ArgClass[0], null);
            }
            if (t instanceof FloatType f) {
                if (f.size() > 8) {
                    return new Classified(new ArgClass[] {ArgClass.MEMORY}, null); // long double: X87, in memory
                }
                return new Classified(new ArgClass[] {ArgClass.SSE}, null);
            }
            if (t instanceof IntType || t instanceof EnumType || t instanceof PointerType) {
                long size = size(t, structs);
                return new Classified(size > 8 ? new ArgClass[] {ArgClass.INTEGER, ArgClass.INTEGER}
                        : new ArgClass[] {ArgClass.INTEGER}, null);
            }
            long size = size(t, structs);
            if (size == 0) {
                return new Classified(new ArgClass[0], null);
            }
            if (size > 16) {
                return new Classified(new ArgClass[] {ArgClass.MEMORY}, null);
            }
            ArgClass[] classes = new ArgClass[(int) ((size + 7) / 8)];
            Arrays.fill(classes, ArgClass.NONE);
            if (!place(t, 0, classes, structs)) {
                return new Classified(new ArgClass[] {ArgClass.MEMORY}, null);
            }
            for (ArgClass c : classes) {
                if (c == ArgClass.MEMORY || c == ArgClass.X87) {
                    return new Classified(new ArgClass[] {ArgClass.MEMORY}, null);
                }
            }
            return new Classified(classes, null);
        } catch (UnknownType e) {
            return new Classified(null, e.getMessage());
        }
    }

    /**
     * Merges the classes of the scalars of {@code type}, placed at byte
     * {@code offset}, into {@code classes}; false if a field is unaligned.
     */
    private static boolean place(CType type, long bitOffset, ArgClass[] classes,
                                 Function<StructRef, Optional<StructType>> structs) throws UnknownType {
        CType t = type.unqualified();
        if (t instanceof StructRef r) {
            t = structs.apply(r).orElseThrow(() -> new UnknownType("the BTF does not define " + r));
        }
        if (t instanceof StructType s) {
            for (StructType.Field f : s.fields()) {
                if (f.isBitfield()) {
                    long first = (bitOffset + f.bitOffset()) / 64;
                    long last = (bitOffset + f.bitOffset() + f.bitSize() - 1) / 64;
                    for (long i = first; i <= last; i++) {
                        merge(classes, (int) i, ArgClass.INTEGER);
                    }
                } else if (!place(f.type(), bitOffset + f.bitOffset(), classes, structs)) {
                    return false;
                }
            }
            return true;
        }
        if (t instanceof ArrayType a) {
            long elem = size(a.element(), structs);
            for (long i = 0; i < a.length(); i++) {
                if (!place(a.element(), bitOffset + i * elem * 8, classes, structs)) {
                    return false;
                }
            }
            return true;
        }
        long size = size(t, structs);
        if (size == 0) {
            return true;
        }
        if (bitOffset % (8 * Math.min(alignment(t, structs), 16)) != 0) {
            return false;
        }
        ArgClass c = t instanceof FloatType f ? (f.size() > 8 ? ArgClass.X87 : ArgClass.SSE) : ArgClass.INTEGER;
        long byteOffset = bitOffset / 8;
        for (long b = byteOffset / 8; b <= (byteOffset + size - 1) / 8; b++) {
            merge(classes, (int) b, c);
        }
        return true;
    }

    private static void merge(ArgClass[] classes, int i, ArgClass c) {
        if (i >= classes.length) {
            return;
        }
        ArgClass old = classes[i];
        if (old == c || c == ArgClass.NONE) {
            return;
        }
        if (old == ArgClass.NONE) {
            classes[i] = c;
        } else if (old == ArgClass.MEMORY || c == ArgClass.MEMORY) {
            classes[i] = ArgClass.MEMORY;
        } else if (old == ArgClass.INTEGER || c == ArgClass.INTEGER) {
            classes[i] = ArgClass.INTEGER;
        } else if (old == ArgClass.X87 || c == ArgClass.X87) {
            classes[i] = ArgClass.MEMORY;
        } else {
            classes[i] = ArgClass.SSE;
        }
    }

    /** The size of a type in bytes. */
    static long size(CType type, Function<StructRef, Optional<StructType>> structs) throws UnknownType {
        CType t = type.unqualified();
        if (t instanceof IntType i) {
            return i.size();
        }
        if (t instanceof EnumType e) {
            return e.size();
        }
        if (t instanceof FloatType f) {
            return f.size();
        }
        if (t instanceof PointerType) {
            return 8;
        }
        if (t instanceof StructType s) {
            return s.size();
        }
        if (t instanceof StructRef r) {
            return structs.apply(r).orElseThrow(() -> new UnknownType("the BTF does not define " + r)).size();
        }
        if (t instanceof ArrayType a) {
            return a.length() * size(a.element(), structs);
        }
        if (t instanceof VoidType) {
            return 0;
        }
        throw new UnknownType("a " + type + " has no size");
    }

    private static long alignment(CType type, Function<StructRef, Optional<StructType>> structs) throws UnknownType {
        CType t = type.unqualified();
        if (t instanceof StructRef r) {
            t = structs.apply(r).orElseThrow(() -> new UnknownType("the BTF does not define " + r));
        }
        if (t instanceof StructType s) {
            long a = 1;
            for (StructType.Field f : s.fields()) {
                a = Math.max(a, f.isBitfield() ? 1 : alignment(f.type(), structs));
            }
            return a;
        }
        if (t instanceof ArrayType a) {
            return alignment(a.element(), structs);
        }
        return Math.max(1, size(t, structs));
    }
}
