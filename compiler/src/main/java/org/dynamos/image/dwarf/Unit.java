package org.dynamos.image.dwarf;

import java.nio.ByteBuffer;

/** The header of one unit of {@code .debug_info} (DWARF 2 to 5). */
final class Unit {
    static final int UT_COMPILE = 1;
    static final int UT_TYPE = 2;
    static final int UT_PARTIAL = 3;
    static final int UT_SKELETON = 4;
    static final int UT_SPLIT_COMPILE = 5;
    static final int UT_SPLIT_TYPE = 6;

    final int offset;
    final int end;
    final int version;
    final int unitType;
    final int addressSize;
    final int offsetSize;
    final long abbrevOffset;
    final int firstDie;

    private Unit(int offset, int end, int version, int unitType, int addressSize, int offsetSize, long abbrevOffset,
                 int firstDie) {
        this.offset = offset;
        this.end = end;
        this.version = version;
        this.unitType = unitType;
        this.addressSize = addressSize;
        this.offsetSize = offsetSize;
        this.abbrevOffset = abbrevOffset;
        this.firstDie = firstDie;
    }

    /** Reads the unit header at {@code at}. */
    static Unit read(ByteBuffer info, int at) throws DwarfFormatException {
        if (at + 11 > info.limit()) {
            throw new DwarfFormatException(".debug_info+0x" + Integer.toHexString(at) + ": unit header cut short");
        }
        Cursor c = new Cursor(info, at);
        long length = c.u32();
        int offsetSize = 4;
        if (length == 0xffffffffL) {
            length = c.u64();
            offsetSize = 8;
        }
        long end = c.pos + length;
        if (length < 7 || end > info.limit()) {
            throw new DwarfFormatException(".debug_info+0x" + Integer.toHexString(at) + ": unit length "
                    + length + " runs past the section");
        }
        int version = c.u16();
        int unitType = UT_COMPILE;
        int addressSize;
        long abbrev;
        if (version >= 5) {
            unitType = c.u8();
            addressSize = c.u8();
            abbrev = c.offset(offsetSize);
            if (unitType == UT_SKELETON || unitType == UT_SPLIT_COMPILE) {
                c.pos += 8; // dwo_id
            } else if (unitType == UT_TYPE || unitType == UT_SPLIT_TYPE) {
                c.pos += 8 + offsetSize; // type signature, type offset
            }
        } else if (version >= 2) {
            abbrev = c.offset(offsetSize);
            addressSize = c.u8();
        } else {
            throw new DwarfFormatException(".debug_info+0x" + Integer.toHexString(at) + ": DWARF version "
                    + version + " is not supported");
        }
        return new Unit(at, (int) end, version, unitType, addressSize, offsetSize, abbrev, c.pos);
    }
}
