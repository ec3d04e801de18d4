package org.dynamos.clone;

import java.util.List;
import java.util.Map;

/**
 * Lays out a clone: places every instruction, widens each short branch whose target is out of its
 * 8-bit reach (a short jump leaving the function always, for a module, whose distance to the kernel
 * is unknown; a short jump inside it when rewrites grew the code in between), until nothing changes;
 * then verifies the reach of every 32-bit field.
 *
 * <p>Reach from the module area: on x86-64 Linux 6.1 modules live in {@code [MODULES_VADDR,
 * MODULES_END) = [0xffffffffc0000000, 0xffffffffff000000)} and the kernel image, wherever KASLR puts
 * it, inside {@code [0xffffffff80000000, 0xffffffffc0000000)}; so a PC-relative 32-bit field reaches
 * any address of the image from anywhere in the module area (distance below {@code 0x7f000000}), and
 * a sign-extended 32-bit absolute holds any image or module address. A zero-extended 32-bit
 * absolute holds neither. The module loader checks none of this for PC32 (DESIGN §3), so it is checked here.
 */
final class Relaxation {
    private final CloneContext ctx;
    private final CloneEngine.Work w;

    Relaxation(CloneContext ctx, CloneEngine.Work w) {
        this.ctx = ctx;
        this.w = w;
    }

    Layout run() {
        boolean module = w.options.placement() == CloneOptions.Placement.MODULE;
        if (module) {
            for (List<CloneInstruction> code : w.code) {
                for (int i = 0; i < code.size(); i++) {
                    CloneInstruction ci = code.get(i);
                    Field f = shortField(ci);
                    if (f != null && !(f.target() instanceof Target.Local)) {
                        widenOrRefuse(code, i, "leaves the function");
                    }
                }
            }
        }
        Layout layout = place(module);
        for (int round = 0; round < 64; round++) {
            boolean changed = false;
            for (List<CloneInstruction> code : w.code) {
                for (int i = 0; i < code.size(); i++) {
                    CloneInstruction ci = code.get(i);
                    Field f = shortField(ci);
                    if (f == null) {
                        continue;
                    }
                    Long target = resolve(f.target(), layout, module);
                    long p = layout.position(ci.origin()) + f.offset();
                    long v = target == null ? Long.MAX_VALUE : target + f.addend() - p;
                    if (v < -128 || v > 127) {
                        changed |= widenOrRefuse(code, i, "no longer reaches its target");
                    }
                }
            }
            changed |= widenJumpLabelNops(layout);
            if (!changed) {
                break;
            }
            layout = place(module);
        }
        if (module) {
            checkReach();
        }
        return layout;
    }

    /**
     * A jump label site holding a 2-byte NOP is patched into a 2-byte jump: once its target is out
     * of 8-bit reach it becomes a 5-byte NOP, which the kernel (deciding the size from the site's
     * instruction) patches into a 32-bit jump instead.
     */
    private boolean widenJumpLabelNops(Layout layout) {
        boolean changed = false;
        for (TableEntry e : w.tables.getOrDefault(TableKind.JUMP_LABEL, List.of())) {
            int p = w.partOf(e.site());
            if (p < 0 || !w.inParts(e.target())) {
                continue;
            }
            int i = w.instructionAt(p, e.site());
            if (i < 0) {
                continue;
            }
            List<CloneInstruction> code = w.code.get(p);
            CloneInstruction ci = code.get(i);
            byte[] b = ci.bytes();
            if (b.length != 2 || (b[0] & 0xff) != 0x66 || (b[1] & 0xff) != 0x90) {
                continue;
            }
            long d = layout.position(e.target()) - (layout.position(e.site()) + 2);
            if (d < -128 || d > 127) {
                code.set(i, new CloneInstruction(ci.origin(), ci.original(), new byte[] {0x0f, 0x1f, 0x44, 0x00, 0x00},
                        List.of(), Rewrite.WIDENED, ci.text()));
                changed = true;
            }
        }
        return changed;
    }

    private static Field shortField(CloneInstruction ci) {
        for (Field f : ci.fields()) {
            if (f.kind() == FieldKind.PC8) {
                return f;
            }
        }
        return null;
    }

    private boolean widenOrRefuse(List<CloneInstruction> code, int i, String why) {
        CloneInstruction ci = code.get(i);
        if (!Widening.widenable(ci.bytes())) {
            boolean already = w.findings.stream().anyMatch(f -> f.refusal() == Refusal.SHORT_BRANCH_UNWIDENABLE
                    && f.address() == ci.origin());
            if (!already) {
                w.refuse(Refusal.SHORT_BRANCH_UNWIDENABLE, ci.origin(), "the short branch at " + w.where(ci.origin())
                        + " " + why);
            }
            return false;
        }
        code.set(i, Widening.widen(ci));
        return true;
    }

    private Long resolve(Target t, Layout layout, boolean module) {
        if (t instanceof Target.Local l) {
            return layout.position(l.original());
        }
        if (t instanceof Target.Anchored a && !module) {
            return a.address();
        }
        if (t instanceof Target.Verbatim v && !module) {
            return v.value();
        }
        return null;
    }

    private Layout place(boolean module) {
        int n = w.parts.size();
        long[] start = new long[n];
        long[] size = new long[n];
        int count = 0;
        for (List<CloneInstruction> code : w.code) {
            count += code.size();
        }
        // Parts are in address order of discovery, not necessarily ascending: sort by origin after.
        long[][] rows = new long[count][];
        int k = 0;
        long cursor = 0;
        for (int p = 0; p < n; p++) {
            long at = module ? cursor : w.parts.get(p).address();
            start[p] = at;
            for (CloneInstruction ci : w.code.get(p)) {
                rows[k++] = new long[] {ci.origin(), at};
                at += ci.size();
            }
            size[p] = at - start[p];
            cursor += size[p];
        }
        boolean sorted = true;
        for (int i = 1; i < count && sorted; i++) {
            sorted = rows[i - 1][0] < rows[i][0];
        }
        if (!sorted) {
            java.util.Arrays.sort(rows, (a, b) -> Long.compare(a[0], b[0]));
        }
        long[] origins = new long[count];
        long[] positions = new long[count];
        for (int i = 0; i < count; i++) {
            origins[i] = rows[i][0];
            positions[i] = rows[i][1];
        }
        return new Layout(start, size, origins, positions);
    }

    private void checkReach() {
        Reach reach = new Reach(ctx.imageStart(), ctx.imageEnd());
        for (List<CloneInstruction> code : w.code) {
            for (CloneInstruction ci : code) {
                for (Field f : ci.fields()) {
                    Target t = f.target();
                    if (t instanceof Target.Verbatim || f.kind() == FieldKind.ABS64 || f.kind() == FieldKind.PC8) {
                        continue;
                    }
                    boolean ok;
                    if (t instanceof Target.Anchored a) {
                        ok = switch (f.kind()) {
                            case PC32 -> reach.pc32(a.address(), f.addend());
                            case ABS32S -> reach.abs32s(a.address(), f.addend());
                            default -> reach.abs32(a.address(), f.addend());
                        };
                    } else {
                        // A place in the module: in reach of itself; a sign-extended 32-bit absolute
                        // holds any module address, a zero-extended one none.
                        ok = f.kind() != FieldKind.ABS32;
                    }
                    if (!ok) {
                        w.refuse(Refusal.OUT_OF_REACH, ci.origin(), "the " + f.kind() + " field (" + f.source()
                                + ") at " + w.where(ci.origin()) + " cannot hold "
                                + (t instanceof Target.Anchored a ? "0x" + Long.toHexString(a.address()) + " moved by KASLR"
                                        : "a module address") + " from the module area");
                    }
                }
            }
        }
    }
}
