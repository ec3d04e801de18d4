package org.dynamos.disasm;

/**
 * Where libcapstone keeps the fields the disassembler reads, for one major version. Capstone 5
 * enlarged {@code cs_insn.bytes} from 16 to 24 bytes and the implicit-register arrays of
 * {@code cs_detail}, and added {@code cs_detail.writeback}; {@code cs_x86}, its operands and
 * {@code cs_x86_encoding} kept their layout. The offsets come from the headers of 4.0.2 (checked
 * with {@code offsetof}) and 5.0; {@link Disassembler} verifies them on known instructions when it opens.
 *
 * @param major          the library's major version
 * @param detailPointer  offset of {@code cs_insn.detail}
 * @param mnemonic       offset of {@code cs_insn.mnemonic} (32 characters)
 * @param operands       offset of {@code cs_insn.op_str} (160 characters)
 * @param groups         offset of {@code cs_detail.groups}
 * @param groupsCount    offset of {@code cs_detail.groups_count}
 * @param x86            offset of {@code cs_detail.x86}
 */
record CapstoneLayout(int major, int detailPointer, int mnemonic, int operands, int groups, int groupsCount, int x86) {
    /** Size of {@code cs_insn} read at once (both versions fit). */
    static final int INSN_BYTES = 248;
    /** Offsets inside {@code cs_x86}. */
    static final int X86_OP_COUNT = 64;
    static final int X86_OPERANDS = 72;
    static final int X86_OPERAND_SIZE = 48;
    static final int X86_ENCODING = 456;
    static final int X86_SIZE = 464;
    /** Offsets inside {@code cs_x86_op}. */
    static final int OP_TYPE = 0;
    static final int OP_IMM = 8;
    static final int OP_TYPE_IMM = 2;

    /** @return the layout of this major version, or null if it is not known */
    static CapstoneLayout of(int major) {
        return switch (major) {
            case 4 -> new CapstoneLayout(4, 232, 34, 66, 67, 75, 80);
            case 5 -> new CapstoneLayout(5, 240, 42, 74, 83, 91, 96);
            default -> null;
        };
    }

    /** @return how many bytes of {@code cs_detail} the disassembler reads */
    int detailBytes() {
        return x86 + X86_SIZE;
    }
}
