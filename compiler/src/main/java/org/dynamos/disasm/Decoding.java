package org.dynamos.disasm;

import java.util.List;

/**
 * The instructions decoded from a range of bytes, in order, and where decoding stopped early if it did.
 *
 * @param instructions  the instructions decoded, each starting where the previous one ended
 * @param failedAt      the address of the first byte Capstone could not decode (0 when {@code !failed})
 * @param failed        whether decoding stopped before the end of the range
 */
public record Decoding(List<Instruction> instructions, long failedAt, boolean failed) {
    public Decoding {
        instructions = List.copyOf(instructions);
    }

    /** @return whether every byte of the range was decoded */
    public boolean complete() {
        return !failed;
    }
}
