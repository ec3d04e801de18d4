package org.dynamos.clone;

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
 * Decides from a BTF prototype whether a function receives arguments on the stack under the
 * System V x86-64 calling convention (six integer registers, eight SSE registers; aggregates
 * larger than 16 bytes in memory; a memory-returned aggregate takes {@code %rdi} for its address).
 * A tail call can become {@code call; jmp exit} only when it does not: the extra return address
 * would shift stack arguments by 8 bytes.
 */
final class CalleeArguments {
    /** The answer for one callee. */
    enum Verdict {
        /** Everything travels in registers. */
        REGISTERS_ONLY,
        /** At least one argument is passed on the stack. */
        STACK,
        /** The callee takes variable arguments. */
        VARIADIC,
        /** A parameter's size cannot be determined. */
        UNKNOWN
    }

    private final Function<String, Optional<StructType>> structs;

    /** @param structs looks up a named struct or union (for its size) */
    CalleeArguments(Function<String, Optional<StructType>> structs) {
        this.structs = structs;
    }

    Verdict of(FunctionPrototype p) {
        if (p.type().variadic()) {
            return Verdict.VARIADIC;
        }
        int ints = 0;
        int sse = 0;
        CType ret = p.returnType().unqualified();
        long retSize = size(ret);
        if (retSize < 0) {
            return Verdict.UNKNOWN;
        }
        if (isAggregate(ret) && retSize > 16) {
            ints++; // hidden pointer to the result
        }
        for (Parameter param : p.parameters()) {
            CType t = param.type().unqualified();
            long size = size(t);
            if (size < 0) {
                return Verdict.UNKNOWN;
            }
            if (t instanceof FloatType) {
                if (++sse > 8) {
                    return Verdict.STACK;
                }
                continue;
            }
            if (isAggregate(t) && size > 16) {
                return Verdict.STACK;
            }
            int regs = size > 8 ? 2 : 1;
            if (ints + regs > 6) {
                return Verdict.STACK;
            }
            ints += regs;
        }
        return Verdict.REGISTERS_ONLY;
    }

    private static boolean isAggregate(CType t) {
        return t instanceof StructRef || t instanceof StructType || t instanceof ArrayType;
    }

    /** @return the size in bytes, 0 for void, -1 if unknown */
    private long size(CType t) {
        CType u = t.unqualified();
        if (u instanceof VoidType) {
            return 0;
        }
        if (u instanceof IntType i) {
            return i.size();
        }
        if (u instanceof EnumType e) {
            return e.size();
        }
        if (u instanceof PointerType) {
            return 8;
        }
        if (u instanceof FloatType f) {
            return f.size();
        }
        if (u instanceof StructType s) {
            return s.size();
        }
        if (u instanceof StructRef r) {
            return structs.apply(r.name()).map(StructType::size).orElse(-1L);
        }
        if (u instanceof ArrayType a) {
            long e = size(a.element());
            return e < 0 ? -1 : e * a.length();
        }
        return -1;
    }
}
