package org.dynamos.image.dwarf;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** One abbreviation table of {@code .debug_abbrev}: per code, the tag, children flag and attribute specs. */
final class Abbreviations {
    int[] tags = new int[64];
    boolean[] children = new boolean[64];
    int[][] attributes = new int[64][];
    int[][] forms = new int[64][];
    long[][] constants = new long[64][];

    /** Decodes the table at {@code offset}. */
    static Abbreviations read(ByteBuffer abbrev, long offset) throws DwarfFormatException {
        return read(abbrev, offset, -1);
    }

    /** Decodes the table at {@code offset} up to and including code {@code last} (all of it if -1). */
    static Abbreviations read(ByteBuffer abbrev, long offset, long last) throws DwarfFormatException {
        Abbreviations a = new Abbreviations();
        Cursor c = new Cursor(abbrev, (int) offset);
        while (true) {
            long code = c.uleb();
            if (code == 0) {
                return a;
            }
            if (code > 1_000_000) {
                throw new DwarfFormatException("abbreviation code " + code + " at .debug_abbrev+0x"
                        + Long.toHexString(offset) + " is implausible");
            }
            int k = (int) code;
            a.ensure(k);
            a.tags[k] = (int) c.uleb();
            a.children[k] = c.u8() != 0;
            int[] attrs = new int[8];
            int[] fs = new int[8];
            long[] cs = null;
            int n = 0;
            while (true) {
                int attr = (int) c.uleb();
                int form = (int) c.uleb();
                if (attr == 0 && form == 0) {
                    break;
                }
                if (n == attrs.length) {
                    attrs = Arrays.copyOf(attrs, n * 2);
                    fs = Arrays.copyOf(fs, n * 2);
                    if (cs != null) {
                        cs = Arrays.copyOf(cs, n * 2);
                    }
                }
                attrs[n] = attr;
                fs[n] = form;
                if (form == Dwarf.FORM_IMPLICIT_CONST) {
                    if (cs == null) {
                        cs = new long[attrs.length];
                    }
                    cs[n] = c.sleb();
                }
                n++;
            }
            a.attributes[k] = Arrays.copyOf(attrs, n);
            a.forms[k] = Arrays.copyOf(fs, n);
            a.constants[k] = cs == null ? null : Arrays.copyOf(cs, n);
            if (code == last) {
                return a;
            }
        }
    }

    boolean has(int code) {
        return code > 0 && code < attributes.length && attributes[code] != null;
    }

    private void ensure(int code) {
        if (code >= tags.length) {
            int size = Math.max(code + 1, tags.length * 2);
            tags = Arrays.copyOf(tags, size);
            children = Arrays.copyOf(children, size);
            attributes = Arrays.copyOf(attributes, size);
            forms = Arrays.copyOf(forms, size);
            constants = Arrays.copyOf(constants, size);
        }
    }
}
