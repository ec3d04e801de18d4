package org.dynamos.disasm;

/**
 * One decoded x86-64 instruction: where it is, how long, what kind of control transfer it is, and
 * where its position-dependent fields are.
 *
 * @param address      the address it was decoded at
 * @param size         its length in bytes
 * @param groups       the Capstone generic groups it belongs to, as a bit set ({@link #JUMP} ...)
 * @param branchTarget for a relative branch ({@link #BRANCH_RELATIVE}), the address it branches to; else 0
 * @param dispOffset   offset of the memory displacement inside the instruction, 0 if none
 * @param dispSize     size of the displacement in bytes (1, 2, 4 or 8), 0 if none
 * @param immOffset    offset of the immediate (for a relative branch: of the displacement), 0 if none
 * @param immSize      size of the immediate in bytes, 0 if none
 * @param ripRelative  whether the memory operand is addressed relative to the next instruction
 * @param text         the instruction in AT&amp;T syntax, or null when decoded without text
 */
public record Instruction(long address, int size, int groups, long branchTarget, int dispOffset, int dispSize,
                          int immOffset, int immSize, boolean ripRelative, String text) {
    /** Capstone's {@code CS_GRP_JUMP}: conditional, direct and indirect jumps. */
    public static final int JUMP = 1 << 1;
    /** {@code CS_GRP_CALL}. */
    public static final int CALL = 1 << 2;
    /** {@code CS_GRP_RET}. */
    public static final int RET = 1 << 3;
    /** {@code CS_GRP_INT}: software interrupts and system calls. */
    public static final int INT = 1 << 4;
    /** {@code CS_GRP_IRET}. */
    public static final int IRET = 1 << 5;
    /** {@code CS_GRP_PRIVILEGE}. */
    public static final int PRIVILEGE = 1 << 6;
    /** {@code CS_GRP_BRANCH_RELATIVE}: the target is encoded relative to the next instruction. */
    public static final int BRANCH_RELATIVE = 1 << 7;

    /** @return the address of the next instruction */
    public long end() {
        return address + size;
    }

    /** @return whether the instruction belongs to all the groups in {@code mask} */
    public boolean is(int mask) {
        return (groups & mask) == mask;
    }

    /** @return whether this is a relative jump or call (its target in {@link #branchTarget()}) */
    public boolean isRelativeBranch() {
        return (groups & BRANCH_RELATIVE) != 0;
    }

    /** @return whether this is a jump (not a call) that is not relative: {@code jmp *%rax}, {@code jmp *(%rax)} */
    public boolean isIndirectJump() {
        return (groups & JUMP) != 0 && (groups & BRANCH_RELATIVE) == 0;
    }

    /** @return the offset inside the instruction of the relative branch's displacement */
    public int branchFieldOffset() {
        return immOffset;
    }

    /** @return the size of the relative branch's displacement (1 or 4) */
    public int branchFieldSize() {
        return immSize;
    }

    /** @return a copy carrying the given text */
    public Instruction withText(String newText) {
        return new Instruction(address, size, groups, branchTarget, dispOffset, dispSize, immOffset, immSize,
                ripRelative, newText);
    }
}
