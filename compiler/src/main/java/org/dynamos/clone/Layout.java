package org.dynamos.clone;

import java.util.Arrays;

/**
 * Where every instruction of a clone lands. For {@link CloneOptions.Placement#ORIGINAL} positions
 * are absolute addresses (each part at its original address); for
 * {@link CloneOptions.Placement#MODULE} they are offsets from the start of the clone's code, the
 * parts laid out one after the other.
 *
 * @param partStart where each part starts
 * @param partSize  each part's emitted size
 * @param origins   the original address of every instruction, ascending
 * @param positions the position of the instruction at the same index of {@code origins}
 */
public record Layout(long[] partStart, long[] partSize, long[] origins, long[] positions) {
    /**
     * @return the position of the instruction that was at {@code origin}; for an address inside an
     *         instruction (refused as a branch target, but the round trip still places it), the
     *         position of that instruction plus the distance into it
     */
    public long position(long origin) {
        int i = Arrays.binarySearch(origins, origin);
        if (i < 0) {
            i = -i - 2;
            if (i < 0) {
                throw new IllegalArgumentException("no instruction at 0x" + Long.toHexString(origin));
            }
        }
        return positions[i] + (origin - origins[i]);
    }

    /** @return whether an instruction started at {@code origin} */
    public boolean hasInstructionAt(long origin) {
        return Arrays.binarySearch(origins, origin) >= 0;
    }

    /** @return the total emitted size */
    public long totalSize() {
        long s = 0;
        for (long p : partSize) {
            s += p;
        }
        return s;
    }
}
