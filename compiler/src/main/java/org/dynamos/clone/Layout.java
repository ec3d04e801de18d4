package org.dynamos.clone;

import java.util.Map;
import java.util.NavigableMap;

/**
 * Where every instruction of a clone lands. For {@link CloneOptions.Placement#ORIGINAL} positions
 * are absolute addresses (each part at its original address); for
 * {@link CloneOptions.Placement#MODULE} they are offsets from the start of the clone's code, the
 * parts laid out one after the other.
 *
 * @param partStart where each part starts
 * @param partSize  each part's emitted size
 * @param positions the position of each instruction, by its original address
 */
public record Layout(long[] partStart, long[] partSize, NavigableMap<Long, Long> positions) {
    /**
     * @return the position of the instruction that was at {@code origin}; for an address inside an
     *         instruction (refused as a branch target, but the round trip still places it), the
     *         position of that instruction plus the distance into it
     */
    public long position(long origin) {
        Map.Entry<Long, Long> e = positions.floorEntry(origin);
        if (e == null) {
            throw new IllegalArgumentException("no instruction at 0x" + Long.toHexString(origin));
        }
        return e.getValue() + (origin - e.getKey());
    }

    /** @return whether an instruction started at {@code origin} */
    public boolean hasInstructionAt(long origin) {
        return positions.containsKey(origin);
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
