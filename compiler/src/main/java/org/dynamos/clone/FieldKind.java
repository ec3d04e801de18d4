package org.dynamos.clone;

/** How a position-dependent field of an instruction is computed from its target. */
public enum FieldKind {
    /** 8-bit displacement of a short branch: target + addend - field address. */
    PC8(1, true),
    /** 32-bit displacement (branch or RIP-relative operand): target + addend - field address. */
    PC32(4, true),
    /** 32-bit absolute value, zero-extended ({@code R_X86_64_32}). */
    ABS32(4, false),
    /** 32-bit absolute value, sign-extended ({@code R_X86_64_32S}: {@code mov $sym, %rsi}). */
    ABS32S(4, false),
    /** 64-bit absolute value ({@code movabs $sym, %rax}). */
    ABS64(8, false);

    private final int size;
    private final boolean pcRelative;

    FieldKind(int size, boolean pcRelative) {
        this.size = size;
        this.pcRelative = pcRelative;
    }

    /** @return the field's size in bytes */
    public int size() {
        return size;
    }

    /** @return whether the value is relative to the field's own address */
    public boolean pcRelative() {
        return pcRelative;
    }
}
