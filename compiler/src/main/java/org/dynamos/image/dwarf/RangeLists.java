package org.dynamos.image.dwarf;

import java.util.function.LongBinaryOperator;

/** Reads address range lists: {@code .debug_rnglists} (DWARF 5) and {@code .debug_ranges} (before). */
final class RangeLists {
    private static final int RLE_END_OF_LIST = 0;
    private static final int RLE_BASE_ADDRESSX = 1;
    private static final int RLE_STARTX_ENDX = 2;
    private static final int RLE_STARTX_LENGTH = 3;
    private static final int RLE_OFFSET_PAIR = 4;
    private static final int RLE_BASE_ADDRESS = 5;
    private static final int RLE_START_END = 6;
    private static final int RLE_START_LENGTH = 7;

    private RangeLists() {
    }

    /**
     * Passes each {@code [start, end)} of the list at {@code offset} to {@code sink} (which returns
     * non-zero to stop early), in list order.
     *
     * @param base the unit's base address ({@code DW_AT_low_pc} of the unit entry)
     */
    static void read(DwarfSections s, Unit u, long offset, long base, LongBinaryOperator sink)
            throws DwarfFormatException {
        try {
            if (u.version >= 5) {
                readRnglist(s, u, offset, base, sink);
            } else {
                readRanges(s, u, offset, base, sink);
            }
        } catch (IndexOutOfBoundsException e) {
            throw new DwarfFormatException("range list at 0x" + Long.toHexString(offset) + " runs past its section");
        }
    }

    private static void readRnglist(DwarfSections s, Unit u, long offset, long base, LongBinaryOperator sink)
            throws DwarfFormatException {
        if (offset < 0 || offset >= s.rnglists.limit()) {
            return;
        }
        Cursor c = new Cursor(s.rnglists, (int) offset);
        long b = base;
        while (true) {
            int kind = c.u8();
            long start;
            long end;
            switch (kind) {
                case RLE_END_OF_LIST:
                    return;
                case RLE_BASE_ADDRESS:
                    b = c.address(u.addressSize);
                    continue;
                case RLE_OFFSET_PAIR:
                    start = b + c.uleb();
                    end = b + c.uleb();
                    break;
                case RLE_START_END:
                    start = c.address(u.addressSize);
                    end = c.address(u.addressSize);
                    break;
                case RLE_START_LENGTH:
                    start = c.address(u.addressSize);
                    end = start + c.uleb();
                    break;
                case RLE_BASE_ADDRESSX:
                    c.skipUleb(); // needs .debug_addr (split DWARF): not used by kernel builds
                    continue;
                case RLE_STARTX_ENDX:
                case RLE_STARTX_LENGTH:
                    c.skipUleb();
                    c.skipUleb();
                    continue;
                default:
                    throw new DwarfFormatException(".debug_rnglists+0x" + Long.toHexString(offset)
                            + ": unknown entry kind " + kind);
            }
            if (end != start && sink.applyAsLong(start, end) != 0) {
                return;
            }
        }
    }

    private static void readRanges(DwarfSections s, Unit u, long offset, long base, LongBinaryOperator sink) {
        if (offset < 0 || offset >= s.ranges.limit()) {
            return;
        }
        Cursor c = new Cursor(s.ranges, (int) offset);
        long b = base;
        while (true) {
            long start = c.address(u.addressSize);
            long end = c.address(u.addressSize);
            if (start == 0 && end == 0) {
                return;
            }
            if (start == -1L || (u.addressSize == 4 && start == 0xffffffffL)) {
                b = end;
                continue;
            }
            if (end != start && sink.applyAsLong(b + start, b + end) != 0) {
                return;
            }
        }
    }
}
