package org.dynamos.clone;

import java.util.Arrays;
import java.util.List;

/**
 * Turns a short branch ({@code jmp rel8}, {@code jcc rel8}) into its 32-bit form, keeping any
 * prefixes: {@code EB} becomes {@code E9}, {@code 7x} becomes {@code 0F 8x}. {@code loop*} and
 * {@code jrcxz} ({@code E0}–{@code E3}) have no 32-bit form.
 */
final class Widening {
    private Widening() {
    }

    /** @return whether the instruction is a short branch with a 32-bit form */
    static boolean widenable(byte[] bytes) {
        int op = bytes[bytes.length - 2] & 0xff;
        return op == 0xeb || (op >= 0x70 && op <= 0x7f);
    }

    /** @return the 32-bit form of a short branch whose last byte is its displacement */
    static CloneInstruction widen(CloneInstruction ci) {
        byte[] b = ci.bytes();
        int op = b[b.length - 2] & 0xff;
        byte[] prefixes = Arrays.copyOf(b, b.length - 2);
        byte[] out;
        if (op == 0xeb) {
            out = Arrays.copyOf(prefixes, prefixes.length + 5);
            out[prefixes.length] = (byte) 0xe9;
        } else if (op >= 0x70 && op <= 0x7f) {
            out = Arrays.copyOf(prefixes, prefixes.length + 6);
            out[prefixes.length] = 0x0f;
            out[prefixes.length + 1] = (byte) (0x80 | (op & 0x0f));
        } else {
            throw new IllegalArgumentException("not a widenable short branch");
        }
        Field old = ci.fields().get(0);
        Field wide = new Field(out.length - 4, FieldKind.PC32, old.target(), -4, old.source());
        Rewrite r = ci.rewrite() == Rewrite.EXIT || ci.rewrite() == Rewrite.TAIL_CALL ? ci.rewrite() : Rewrite.WIDENED;
        return new CloneInstruction(ci.origin(), ci.original(), out, List.of(wide), r, ci.text());
    }
}
