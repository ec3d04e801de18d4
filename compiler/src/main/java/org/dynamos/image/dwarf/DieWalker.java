package org.dynamos.image.dwarf;

import java.nio.ByteBuffer;

/**
 * Walks the entries of one unit in order, decoding the attributes of the tags a visitor wants and
 * skipping every other entry by its forms; type entries with a {@code DW_AT_sibling} are jumped
 * over whole (they hold no code). This is the hot loop of reading 160 MB of kernel DWARF.
 */
final class DieWalker {

    /** Receives the wanted entries. */
    interface Visitor {
        /** @return whether entries with this tag should be decoded and passed to {@link #visit} */
        boolean wants(int tag);

        void visit(Die die) throws DwarfFormatException;
    }

    private final DwarfSections s;

    DieWalker(DwarfSections s) {
        this.s = s;
    }

    /** Walks every entry of {@code u}; with {@code onlyFirst}, just the unit's own entry. */
    void walk(Unit u, Abbreviations a, Visitor v, boolean onlyFirst) throws DwarfFormatException {
        ByteBuffer info = s.info;
        Cursor c = new Cursor(info, u.firstDie);
        Die die = new Die();
        int depth = 0;
        try {
            while (c.pos < u.end) {
                int at = c.pos;
                long code = c.uleb();
                if (code == 0) {
                    if (--depth < 0) {
                        depth = 0;
                    }
                    continue;
                }
                if (!a.has((int) code)) {
                    throw new DwarfFormatException(".debug_info+0x" + Integer.toHexString(at)
                            + ": unknown abbreviation " + code);
                }
                int k = (int) code;
                int tag = a.tags[k];
                int[] attrs = a.attributes[k];
                int[] forms = a.forms[k];
                boolean children = a.children[k];
                if (v.wants(tag)) {
                    die.clear();
                    die.offset = at;
                    die.tag = tag;
                    die.depth = depth;
                    die.hasChildren = children;
                    long[] consts = a.constants[k];
                    for (int i = 0; i < attrs.length; i++) {
                        decode(c, u, attrs[i], forms[i], consts == null ? 0 : consts[i], die);
                    }
                    v.visit(die);
                    if (onlyFirst) {
                        return;
                    }
                    if (children) {
                        depth++;
                    }
                    continue;
                }
                long sibling = -1;
                for (int i = 0; i < attrs.length; i++) {
                    if (attrs[i] == Dwarf.AT_SIBLING) {
                        sibling = reference(c, u, forms[i]);
                    } else {
                        skip(c, u, forms[i]);
                    }
                }
                if (children) {
                    if (sibling > at && sibling <= u.end && skipsChildren(tag)) {
                        c.pos = (int) sibling;
                    } else {
                        depth++;
                    }
                }
            }
        } catch (IndexOutOfBoundsException e) {
            throw new DwarfFormatException(".debug_info+0x" + Integer.toHexString(u.offset)
                    + ": an entry runs past the section");
        }
    }

    private static boolean skipsChildren(int tag) {
        return tag == Dwarf.TAG_STRUCTURE_TYPE || tag == Dwarf.TAG_UNION_TYPE || tag == Dwarf.TAG_ENUMERATION_TYPE
                || tag == Dwarf.TAG_ARRAY_TYPE || tag == Dwarf.TAG_SUBROUTINE_TYPE;
    }

    private void decode(Cursor c, Unit u, int attr, int form, long implicit, Die d) throws DwarfFormatException {
        switch (attr) {
            case Dwarf.AT_NAME -> {
                d.nameForm = form;
                d.name = stringRef(c, u, form);
            }
            case Dwarf.AT_COMP_DIR -> {
                d.compDirForm = form;
                d.compDir = stringRef(c, u, form);
            }
            case Dwarf.AT_LOW_PC -> {
                d.lowPc = constant(c, u, form, implicit);
                d.hasLowPc = form == Dwarf.FORM_ADDR; // an addrx index would need .debug_addr: kernels do not use it
            }
            case Dwarf.AT_HIGH_PC -> {
                d.highPcIsOffset = form != Dwarf.FORM_ADDR;
                d.highPc = constant(c, u, form, implicit);
                d.hasHighPc = true;
            }
            case Dwarf.AT_ENTRY_PC -> {
                d.hasEntryPc = form == Dwarf.FORM_ADDR;
                d.entryPc = constant(c, u, form, implicit);
            }
            case Dwarf.AT_RANGES -> {
                d.rangesForm = form;
                d.ranges = constant(c, u, form, implicit);
            }
            case Dwarf.AT_STMT_LIST -> d.stmtList = constant(c, u, form, implicit);
            case Dwarf.AT_ABSTRACT_ORIGIN -> d.origin = reference(c, u, form);
            case Dwarf.AT_SPECIFICATION -> d.specification = reference(c, u, form);
            case Dwarf.AT_DECL_FILE -> d.declFile = (int) constant(c, u, form, implicit);
            case Dwarf.AT_DECL_LINE -> d.declLine = (int) constant(c, u, form, implicit);
            case Dwarf.AT_INLINE -> d.inline = (int) constant(c, u, form, implicit);
            case Dwarf.AT_DECLARATION -> d.declaration = constant(c, u, form, implicit) != 0;
            case Dwarf.AT_EXTERNAL -> d.external = constant(c, u, form, implicit) != 0;
            case Dwarf.AT_NORETURN -> d.noreturn = constant(c, u, form, implicit) != 0;
            default -> skip(c, u, form);
        }
    }

    /** @return for strp/line_strp the table offset; for an inline string its .debug_info offset */
    private long stringRef(Cursor c, Unit u, int form) throws DwarfFormatException {
        switch (form) {
            case Dwarf.FORM_STRP:
            case Dwarf.FORM_LINE_STRP:
                return c.offset(u.offsetSize);
            case Dwarf.FORM_STRING: {
                long at = c.pos;
                c.skipString();
                return at;
            }
            default:
                skip(c, u, form);
                return -1; // strx and supplementary strings: not used by kernel builds
        }
    }

    /** @return an absolute {@code .debug_info} offset, or -1 for a form that leaves the section */
    private long reference(Cursor c, Unit u, int form) throws DwarfFormatException {
        return switch (form) {
            case Dwarf.FORM_REF1 -> u.offset + c.u8();
            case Dwarf.FORM_REF2 -> u.offset + c.u16();
            case Dwarf.FORM_REF4 -> u.offset + c.u32();
            case Dwarf.FORM_REF8 -> u.offset + c.u64();
            case Dwarf.FORM_REF_UDATA -> u.offset + c.uleb();
            case Dwarf.FORM_REF_ADDR -> u.version <= 2 ? c.address(u.addressSize) : c.offset(u.offsetSize);
            default -> {
                skip(c, u, form);
                yield -1;
            }
        };
    }

    private long constant(Cursor c, Unit u, int form, long implicit) throws DwarfFormatException {
        return switch (form) {
            case Dwarf.FORM_ADDR -> c.address(u.addressSize);
            case Dwarf.FORM_DATA1, Dwarf.FORM_FLAG -> c.u8();
            case Dwarf.FORM_DATA2 -> c.u16();
            case Dwarf.FORM_DATA4 -> c.u32();
            case Dwarf.FORM_DATA8 -> c.u64();
            case Dwarf.FORM_SDATA -> c.sleb();
            case Dwarf.FORM_UDATA -> c.uleb();
            case Dwarf.FORM_SEC_OFFSET -> c.offset(u.offsetSize);
            case Dwarf.FORM_FLAG_PRESENT -> 1;
            case Dwarf.FORM_IMPLICIT_CONST -> implicit;
            case Dwarf.FORM_RNGLISTX -> c.uleb();
            default -> {
                skip(c, u, form);
                yield -1;
            }
        };
    }

    /** Steps over one attribute value of {@code form}. */
    static void skip(Cursor c, Unit u, int form) throws DwarfFormatException {
        switch (form) {
            case Dwarf.FORM_FLAG_PRESENT, Dwarf.FORM_IMPLICIT_CONST -> {
            }
            case Dwarf.FORM_DATA1, Dwarf.FORM_REF1, Dwarf.FORM_FLAG, Dwarf.FORM_STRX1, Dwarf.FORM_ADDRX1 -> c.pos += 1;
            case Dwarf.FORM_DATA2, Dwarf.FORM_REF2, Dwarf.FORM_STRX2, Dwarf.FORM_ADDRX2 -> c.pos += 2;
            case Dwarf.FORM_STRX3, Dwarf.FORM_ADDRX3 -> c.pos += 3;
            case Dwarf.FORM_DATA4, Dwarf.FORM_REF4, Dwarf.FORM_REF_SUP4, Dwarf.FORM_STRX4, Dwarf.FORM_ADDRX4 -> c.pos += 4;
            case Dwarf.FORM_DATA8, Dwarf.FORM_REF8, Dwarf.FORM_REF_SIG8, Dwarf.FORM_REF_SUP8 -> c.pos += 8;
            case Dwarf.FORM_DATA16 -> c.pos += 16;
            case Dwarf.FORM_ADDR -> c.pos += u.addressSize;
            case Dwarf.FORM_STRP, Dwarf.FORM_LINE_STRP, Dwarf.FORM_SEC_OFFSET, Dwarf.FORM_STRP_SUP,
                    Dwarf.FORM_GNU_REF_ALT, Dwarf.FORM_GNU_STRP_ALT -> c.pos += u.offsetSize;
            case Dwarf.FORM_REF_ADDR -> c.pos += u.version <= 2 ? u.addressSize : u.offsetSize;
            case Dwarf.FORM_SDATA, Dwarf.FORM_UDATA, Dwarf.FORM_REF_UDATA, Dwarf.FORM_STRX, Dwarf.FORM_ADDRX,
                    Dwarf.FORM_LOCLISTX, Dwarf.FORM_RNGLISTX, Dwarf.FORM_GNU_ADDR_INDEX, Dwarf.FORM_GNU_STR_INDEX ->
                    c.skipUleb();
            case Dwarf.FORM_STRING -> c.skipString();
            case Dwarf.FORM_BLOCK1 -> {
                int n = c.u8();
                c.pos += n;
            }
            case Dwarf.FORM_BLOCK2 -> {
                int n = c.u16();
                c.pos += n;
            }
            case Dwarf.FORM_BLOCK4 -> {
                long n = c.u32();
                c.pos += (int) n;
            }
            case Dwarf.FORM_BLOCK, Dwarf.FORM_EXPRLOC -> {
                long n = c.uleb();
                c.pos += (int) n;
            }
            case Dwarf.FORM_INDIRECT -> skip(c, u, (int) c.uleb());
            default -> throw new DwarfFormatException(".debug_info+0x" + Integer.toHexString(c.pos)
                    + ": unknown attribute form 0x" + Integer.toHexString(form));
        }
    }

    /** @return the string an attribute decoded by this walker refers to */
    String string(long ref, int form) {
        if (ref < 0) {
            return "";
        }
        return switch (form) {
            case Dwarf.FORM_STRP -> DwarfSections.string(s.str, ref);
            case Dwarf.FORM_LINE_STRP -> DwarfSections.string(s.lineStr, ref);
            case Dwarf.FORM_STRING -> DwarfSections.string(s.info, ref);
            default -> "";
        };
    }
}
