package org.dynamos.clone;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/** Prints a function and its clone side by side, instruction by instruction, with what was rewritten. */
public final class SideBySide {
    private SideBySide() {
    }

    public static String render(Clone clone, CloneContext ctx) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s at 0x%x: %s%n", clone.function(), clone.address(),
                clone.exitTrackable() ? "clonable, every exit tracked"
                        : clone.clonable() ? "clonable, not every exit tracked" : "NOT clonable"));
        for (Finding f : clone.findings()) {
            out.append("  ").append(f.refusal().scope() == Refusal.Scope.CLONE ? "refused: " : "exits: ")
                    .append(f).append('\n');
        }
        String right = clone.options().trackExits() ? "clone (exits -> " + clone.options().exitSymbol() + ")" : "clone";
        out.append(String.format(Locale.ROOT, "%-66s | %s%n", "original", right));
        for (int p = 0; p < clone.parts().size(); p++) {
            Part part = clone.parts().get(p);
            out.append("-- ").append(part.name()).append(" (").append(part.kind().toString().toLowerCase(Locale.ROOT))
                    .append(")\n");
            ByteBuffer orig = ctx.bytesAt(part.address(), part.size()).orElseThrow();
            List<CloneInstruction> code = clone.code().get(p);
            for (CloneInstruction ci : code) {
                int off = (int) (ci.origin() - part.address());
                byte[] ob = new byte[ci.original()];
                orig.get(off, ob);
                long pos = clone.layout().position(ci.origin()) - clone.layout().partStart()[p];
                String left = String.format(Locale.ROOT, "+0x%-4x %-24s %s", off, hex(ob, 8), ci.text() == null ? "" : ci.text());
                String notes = CloneAssembly.fieldNotes(clone, ctx, ci);
                String what = ci.rewrite() == Rewrite.VERBATIM ? "" : ci.rewrite().toString();
                String rightText = String.format(Locale.ROOT, "+0x%-4x %-24s %s%s", pos, hex(ci.bytes(), 8), what,
                        notes.isEmpty() ? "" : (what.isEmpty() ? "" : " ") + notes);
                out.append(String.format(Locale.ROOT, "%-66s | %s%n", clip(left, 66), rightText));
            }
        }
        return out.toString();
    }

    /**
     * Clones the function at {@code address} of {@code image} as for an update module (exits tracked)
     * and renders it side by side with the original; for {@code dynamos inspect --clone}.
     */
    public static String of(org.dynamos.image.ElfKernelImage image, String name, long address) {
        CloneContext ctx = CloneContext.of(image);
        try (org.dynamos.disasm.Disassembler d = org.dynamos.disasm.Disassembler.open()) {
            CloneEngine engine = new CloneEngine(ctx, d);
            CloneEngine.FunctionRef fn = engine.functionAt(address)
                    .map(f -> new CloneEngine.FunctionRef(name, f.address(), f.size()))
                    .orElseThrow(() -> new IllegalArgumentException(name + " is not in the text section"));
            Clone c = engine.clone(fn, CloneOptions.forModule(CloneAssembly.exitSymbol(name)).textual());
            return render(c, ctx);
        }
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }

    private static String hex(byte[] b, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, max); i++) {
            s.append(String.format("%02x", b[i] & 0xff)).append(i + 1 < Math.min(b.length, max) ? " " : "");
        }
        if (b.length > max) {
            s.append("..");
        }
        return s.toString();
    }
}
