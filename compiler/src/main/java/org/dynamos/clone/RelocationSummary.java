package org.dynamos.clone;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The machine-readable companion of {@link CloneAssembly}: every position-dependent field of a clone
 * (where, what kind, learnt from which relocation or decoded branch, and what it points at), the
 * rewrites by kind, the table entries by section, and the refusals, as JSON.
 */
public final class RelocationSummary {
    private RelocationSummary() {
    }

    public static String json(Clone clone, CloneContext ctx) {
        StringBuilder s = new StringBuilder("{\n");
        s.append("  \"function\": ").append(q(clone.function())).append(",\n");
        s.append("  \"address\": ").append(q(hex(clone.address()))).append(",\n");
        s.append("  \"anchor\": ").append(q(org.dynamos.image.KernelImage.ANCHOR)).append(",\n");
        s.append("  \"anchorAddress\": ").append(q(hex(ctx.anchor()))).append(",\n");
        s.append("  \"clonable\": ").append(clone.clonable()).append(",\n");
        s.append("  \"exitTrackable\": ").append(clone.exitTrackable()).append(",\n");
        s.append("  \"parts\": [");
        for (int p = 0; p < clone.parts().size(); p++) {
            Part part = clone.parts().get(p);
            s.append(p == 0 ? "\n" : ",\n").append("    {\"name\": ").append(q(part.name())).append(", \"kind\": ")
                    .append(q(part.kind().name())).append(", \"address\": ").append(q(hex(part.address())))
                    .append(", \"size\": ").append(part.size()).append(", \"emittedSize\": ")
                    .append(clone.layout() == null ? 0 : clone.layout().partSize()[p]).append('}');
        }
        s.append("\n  ],\n  \"fields\": [");
        boolean first = true;
        Map<Rewrite, Integer> rewrites = new EnumMap<>(Rewrite.class);
        for (int p = 0; p < clone.code().size(); p++) {
            Part part = clone.parts().get(p);
            for (CloneInstruction ci : clone.code().get(p)) {
                rewrites.merge(ci.rewrite(), 1, Integer::sum);
                for (Field f : ci.fields()) {
                    s.append(first ? "\n" : ",\n").append("    {\"origin\": ").append(q(hex(ci.origin())))
                            .append(", \"at\": ").append(q(part.name() + "+0x" + Long.toHexString(ci.origin() - part.address())))
                            .append(", \"offset\": ").append(f.offset())
                            .append(", \"kind\": ").append(q(f.kind().name()))
                            .append(", \"source\": ").append(q(f.source()))
                            .append(", \"rewrite\": ").append(q(ci.rewrite().name()))
                            .append(", \"addend\": ").append(f.addend())
                            .append(", \"target\": ").append(target(f.target(), ctx, f.source())).append('}');
                    first = false;
                }
            }
        }
        s.append("\n  ],\n  \"rewrites\": {");
        first = true;
        for (Map.Entry<Rewrite, Integer> e : rewrites.entrySet()) {
            s.append(first ? "" : ", ").append(q(e.getKey().name())).append(": ").append(e.getValue());
            first = false;
        }
        s.append("},\n  \"tables\": {");
        first = true;
        for (Map.Entry<TableKind, List<TableEntry>> e : new java.util.TreeMap<>(clone.tables()).entrySet()) {
            s.append(first ? "" : ", ").append(q(e.getKey().section())).append(": ").append(e.getValue().size());
            first = false;
        }
        s.append("},\n  \"findings\": [");
        first = true;
        for (Finding f : clone.findings()) {
            s.append(first ? "\n" : ",\n").append("    {\"reason\": ").append(q(f.refusal().name()))
                    .append(", \"scope\": ").append(q(f.refusal().scope().name()))
                    .append(", \"address\": ").append(q(hex(f.address())))
                    .append(", \"detail\": ").append(q(f.detail())).append('}');
            first = false;
        }
        s.append(first ? "]\n}\n" : "\n  ]\n}\n");
        return s.toString();
    }

    private static String target(Target t, CloneContext ctx, String source) {
        if (t instanceof Target.Anchored a) {
            return "{\"anchored\": " + q(hex(a.address())) + ", \"anchorOffset\": " + (a.address() - ctx.anchor())
                    + ", \"symbol\": " + q(ctx.symbolizer().name(a.address())) + "}";
        }
        if (t instanceof Target.Local l) {
            return "{\"local\": " + q(hex(l.original())) + "}";
        }
        if (t instanceof Target.Symbol sy) {
            return "{\"moduleSymbol\": " + q(sy.name()) + "}";
        }
        long v = ((Target.Verbatim) t).value();
        return "{\"verbatim\": " + q(hex(v)) + (source.endsWith("per-CPU")
                ? ", \"perCpu\": " + q(ctx.symbolizer().percpu(v)) : "") + "}";
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String q(String v) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> s.append(c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return s.append('"').toString();
    }
}
