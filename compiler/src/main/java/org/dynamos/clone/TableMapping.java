package org.dynamos.clone;

import java.util.List;
import java.util.Map;

/**
 * Checks that every kernel table entry of the function maps onto the laid-out clone: its site (and
 * any second address inside the function) is the start of an instruction, the bytes the kernel
 * patches at an alternative or paravirt site were copied unchanged, and a 2-byte jump label still
 * reaches its target (a widened one is a 5-byte jump or NOP, which the kernel patches as such).
 */
final class TableMapping {
    private final CloneEngine.Work w;

    TableMapping(CloneContext ctx, CloneEngine.Work w) {
        this.w = w;
    }

    void check() {
        for (Map.Entry<TableKind, List<TableEntry>> e : w.tables.entrySet()) {
            for (TableEntry t : e.getValue()) {
                check(t);
            }
        }
    }

    private void check(TableEntry t) {
        if (!w.isBoundary(t.site())) {
            // objtool describes alternative replacements with ORC entries at the replacement's own
            // instruction boundaries inside the site; the site is copied unchanged, so they map too.
            if (!(t.kind() == TableKind.ORC && w.inPatchedSite(t.site()))) {
                unmappable(t, "its site " + w.where(t.site()) + " is inside an instruction");
            }
            return;
        }
        switch (t.kind()) {
            case EXCEPTION, JUMP_LABEL -> {
                if (w.inParts(t.target()) && !w.isBoundary(t.target())) {
                    unmappable(t, "its target " + w.where(t.target()) + " is inside an instruction");
                }
                if (t.kind() == TableKind.JUMP_LABEL) {
                    checkJumpLabel(t);
                }
            }
            case ALTERNATIVE -> patchedSite(t, (int) ((t.data() >>> 16) & 0xff));
            case PARAVIRT -> patchedSite(t, (int) ((t.key() >>> 8) & 0xff));
            default -> {
            }
        }
    }

    /** The instructions covering an alternative or paravirt site must be copied as they are. */
    private void patchedSite(TableEntry t, int length) {
        int p = w.partOf(t.site());
        long end = t.site() + length;
        if (end != w.parts.get(p).end() && !w.isBoundary(end)) {
            unmappable(t, "the site " + w.where(t.site()) + "+" + length + " ends inside an instruction");
            return;
        }
        for (CloneInstruction ci : w.code.get(p)) {
            if (ci.origin() >= t.site() && ci.origin() < end && ci.size() != ci.original()) {
                unmappable(t, "the instruction at " + w.where(ci.origin()) + " inside the site was rewritten ("
                        + ci.rewrite() + ")");
                return;
            }
        }
    }

    /** A jump label whose site is 2 bytes long is patched to a short jump: its target must stay within reach. */
    private void checkJumpLabel(TableEntry t) {
        int p = w.partOf(t.site());
        int i = w.instructionAt(p, t.site());
        CloneInstruction ci = w.code.get(p).get(i);
        boolean widened = ci.rewrite() == Rewrite.WIDENED && ci.size() == 5;   // jmp32 or a 5-byte NOP
        if (ci.size() != ci.original() && !widened) {
            unmappable(t, "the jump label site " + w.where(t.site()) + " was rewritten (" + ci.rewrite() + ")");
            return;
        }
        if (ci.size() == 2 && w.inParts(t.target()) && w.layout != null) {
            long d = w.layout.position(t.target()) - (w.layout.position(t.site()) + 2);
            if (d < -128 || d > 127) {
                unmappable(t, "the 2-byte jump label at " + w.where(t.site()) + " no longer reaches "
                        + w.where(t.target()));
            }
        }
    }

    private void unmappable(TableEntry t, String why) {
        w.refuse(Refusal.TABLE_ENTRY_UNMAPPABLE, t.site(), t.kind().section() + " entry: " + why);
    }
}
