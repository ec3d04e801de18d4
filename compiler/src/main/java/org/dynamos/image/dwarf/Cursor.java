package org.dynamos.image.dwarf;

import java.nio.ByteBuffer;

/** A read position in a little-endian section, with the DWARF integer encodings. */
final class Cursor {
    final ByteBuffer b;
    int pos;

    Cursor(ByteBuffer b, int pos) {
        this.b = b;
        this.pos = pos;
    }

    int u8() {
        return b.get(pos++) & 0xff;
    }

    int u16() {
        int v = Short.toUnsignedInt(b.getShort(pos));
        pos += 2;
        return v;
    }

    int u24() {
        int v = (b.get(pos) & 0xff) | (b.get(pos + 1) & 0xff) << 8 | (b.get(pos + 2) & 0xff) << 16;
        pos += 3;
        return v;
    }

    long u32() {
        long v = Integer.toUnsignedLong(b.getInt(pos));
        pos += 4;
        return v;
    }

    long u64() {
        long v = b.getLong(pos);
        pos += 8;
        return v;
    }

    /** @return an offset of the unit's size (4 bytes in 32-bit DWARF, 8 in 64-bit) */
    long offset(int size) {
        return size == 4 ? u32() : u64();
    }

    /** @return an address of {@code size} bytes */
    long address(int size) {
        return switch (size) {
            case 8 -> u64();
            case 4 -> u32();
            case 2 -> u16();
            default -> u8();
        };
    }

    long uleb() {
        long result = 0;
        int shift = 0;
        while (true) {
            byte x = b.get(pos++);
            if (shift < 64) {
                result |= (long) (x & 0x7f) << shift;
            }
            if (x >= 0) {
                return result;
            }
            shift += 7;
        }
    }

    long sleb() {
        long result = 0;
        int shift = 0;
        byte x;
        do {
            x = b.get(pos++);
            if (shift < 64) {
                result |= (long) (x & 0x7f) << shift;
            }
            shift += 7;
        } while (x < 0);
        if (shift < 64 && (x & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    void skipUleb() {
        while (b.get(pos++) < 0) {
            // continuation bit set
        }
    }

    void skipString() {
        while (b.get(pos++) != 0) {
            // up to and including the NUL
        }
    }
}
