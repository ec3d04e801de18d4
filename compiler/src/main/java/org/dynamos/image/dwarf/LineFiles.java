package org.dynamos.image.dwarf;

import java.util.ArrayList;
import java.util.List;

/**
 * The file name table of one line-number program header ({@code .debug_line}, DWARF 2 to 5):
 * what {@code DW_AT_decl_file} indexes. Only the header is read, never the line program.
 */
final class LineFiles {
    private static final int LNCT_PATH = 1;
    private static final int LNCT_DIRECTORY_INDEX = 2;

    private final DwarfSections s;
    private final String compDir;
    private final List<String> dirs;
    private final long[] nameRef;
    private final int[] nameForm;
    private final int[] dirIndex;
    private final String[] paths;

    private LineFiles(DwarfSections s, String compDir, List<String> dirs, long[] nameRef, int[] nameForm,
                      int[] dirIndex) {
        this.s = s;
        this.compDir = compDir;
        this.dirs = dirs;
        this.nameRef = nameRef;
        this.nameForm = nameForm;
        this.dirIndex = dirIndex;
        this.paths = new String[nameRef.length];
    }

    /** @return the normalized path of file {@code index}, or "" if there is no such file */
    String path(int index) {
        if (index < 0 || index >= paths.length) {
            return "";
        }
        if (paths[index] == null) {
            String name = switch (nameForm[index]) {
                case Dwarf.FORM_LINE_STRP -> DwarfSections.string(s.lineStr, nameRef[index]);
                case Dwarf.FORM_STRP -> DwarfSections.string(s.str, nameRef[index]);
                case Dwarf.FORM_STRING -> DwarfSections.string(s.line, nameRef[index]);
                default -> "";
            };
            int d = dirIndex[index];
            paths[index] = SourcePaths.normalize(join(d >= 0 && d < dirs.size() ? dirs.get(d) : "", name), compDir);
        }
        return paths[index];
    }

    /**
     * @param compDir the unit's {@code DW_AT_comp_dir}, to make paths source-relative
     * @return the file table (DWARF 5: index 0 is the primary file; before 5: index 0 is unused)
     */
    static LineFiles read(DwarfSections s, long offset, String compDir) throws DwarfFormatException {
        List<String> dirs = new ArrayList<>();
        if (offset < 0 || offset + 4 > s.line.limit()) {
            return new LineFiles(s, compDir, dirs, new long[0], new int[0], new int[0]);
        }
        try {
            Cursor c = new Cursor(s.line, (int) offset);
            long length = c.u32();
            int offsetSize = 4;
            if (length == 0xffffffffL) {
                length = c.u64();
                offsetSize = 8;
            }
            int version = c.u16();
            if (version >= 5) {
                c.u8(); // address_size
                c.u8(); // segment_selector_size
            }
            long headerLength = c.offset(offsetSize);
            int programStart = (int) (c.pos + headerLength);
            c.u8(); // minimum_instruction_length
            if (version >= 4) {
                c.u8(); // maximum_operations_per_instruction
            }
            c.u8(); // default_is_stmt
            c.u8(); // line_base
            c.u8(); // line_range
            int opcodeBase = c.u8();
            c.pos += Math.max(0, opcodeBase - 1);
            if (version >= 5) {
                Entries d = readEntries(c, offsetSize);
                for (int i = 0; i < d.count; i++) {
                    dirs.add(switch (d.form[i]) {
                        case Dwarf.FORM_LINE_STRP -> DwarfSections.string(s.lineStr, d.ref[i]);
                        case Dwarf.FORM_STRP -> DwarfSections.string(s.str, d.ref[i]);
                        default -> DwarfSections.string(s.line, d.ref[i]);
                    });
                }
                Entries f = readEntries(c, offsetSize);
                return new LineFiles(s, compDir, dirs, f.ref, f.form, f.dir);
            }
            dirs.add(compDir);
            while (c.pos < programStart) {
                String d = DwarfSections.string(s.line, c.pos);
                c.skipString();
                if (d.isEmpty()) {
                    break;
                }
                dirs.add(d);
            }
            List<long[]> files = new ArrayList<>();
            files.add(new long[] {-1, -1});
            while (c.pos < programStart) {
                long at = c.pos;
                c.skipString();
                if (c.pos == at + 1) {
                    break;
                }
                int dir = (int) c.uleb();
                c.skipUleb();
                c.skipUleb();
                files.add(new long[] {at, dir});
            }
            long[] ref = new long[files.size()];
            int[] form = new int[files.size()];
            int[] dir = new int[files.size()];
            for (int i = 0; i < ref.length; i++) {
                ref[i] = files.get(i)[0];
                form[i] = i == 0 ? 0 : Dwarf.FORM_STRING;
                dir[i] = (int) files.get(i)[1];
            }
            return new LineFiles(s, compDir, dirs, ref, form, dir);
        } catch (IndexOutOfBoundsException e) {
            throw new DwarfFormatException(".debug_line+0x" + Long.toHexString(offset) + ": header cut short");
        }
    }

    /** DWARF 5 directory or file entries as read: path references and directory indexes. */
    private static final class Entries {
        int count;
        long[] ref;
        int[] form;
        int[] dir;
    }

    /** Reads DWARF 5 directory or file entries, described by their own format list. */
    private static Entries readEntries(Cursor c, int offsetSize) throws DwarfFormatException {
        int formatCount = c.u8();
        int[] types = new int[formatCount];
        int[] forms = new int[formatCount];
        for (int i = 0; i < formatCount; i++) {
            types[i] = (int) c.uleb();
            forms[i] = (int) c.uleb();
        }
        int count = (int) c.uleb();
        Entries e = new Entries();
        e.count = count;
        e.ref = new long[count];
        e.form = new int[count];
        e.dir = new int[count];
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < formatCount; i++) {
                int form = forms[i];
                if (types[i] == LNCT_PATH) {
                    e.form[n] = form;
                    switch (form) {
                        case Dwarf.FORM_STRING -> {
                            e.ref[n] = c.pos;
                            c.skipString();
                        }
                        case Dwarf.FORM_LINE_STRP, Dwarf.FORM_STRP -> e.ref[n] = c.offset(offsetSize);
                        default -> throw new DwarfFormatException(".debug_line: path form 0x" + Integer.toHexString(form));
                    }
                } else if (types[i] == LNCT_DIRECTORY_INDEX) {
                    e.dir[n] = switch (form) {
                        case Dwarf.FORM_DATA1 -> c.u8();
                        case Dwarf.FORM_DATA2 -> c.u16();
                        case Dwarf.FORM_UDATA -> (int) c.uleb();
                        default -> throw new DwarfFormatException(".debug_line: directory form 0x"
                                + Integer.toHexString(form));
                    };
                } else {
                    skipLineForm(c, form, offsetSize);
                }
            }
        }
        return e;
    }

    private static void skipLineForm(Cursor c, int form, int offsetSize) throws DwarfFormatException {
        switch (form) {
            case Dwarf.FORM_DATA1 -> c.pos += 1;
            case Dwarf.FORM_DATA2 -> c.pos += 2;
            case Dwarf.FORM_DATA4 -> c.pos += 4;
            case Dwarf.FORM_DATA8 -> c.pos += 8;
            case Dwarf.FORM_DATA16 -> c.pos += 16;
            case Dwarf.FORM_UDATA -> c.skipUleb();
            case Dwarf.FORM_STRING -> c.skipString();
            case Dwarf.FORM_LINE_STRP, Dwarf.FORM_STRP -> c.pos += offsetSize;
            case Dwarf.FORM_BLOCK -> {
                long n = c.uleb();
                c.pos += (int) n;
            }
            default -> throw new DwarfFormatException(".debug_line: entry form 0x" + Integer.toHexString(form));
        }
    }

    private static String join(String dir, String name) {
        if (name.startsWith("/") || dir.isEmpty()) {
            return name;
        }
        return dir + "/" + name;
    }
}
