package org.dynamos.inspect;

import java.util.List;
import java.util.stream.Collectors;
import org.dynamos.diag.Diagnostic;
import org.dynamos.diag.Severity;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.SourceFunction;

/** Prints a {@link FunctionReport} as aligned {@code field  value} lines, then the findings. */
public final class FunctionReportPrinter {
    /** How many functions a list shows before summing up the rest. */
    static final int SHOWN = 10;

    private FunctionReportPrinter() {
    }

    /** @return the report as text, ending with a newline */
    public static String render(FunctionReport r) {
        KernelSymbol s = r.symbol();
        StringBuilder b = new StringBuilder();
        b.append(s.name()).append('\n');
        if (r.module().isPresent()) { // only the offset in its section means anything before it loads
            field(b, "address", String.format("%s+0x%x of module %s (where it loads decides the address)",
                    s.section(), s.address() - r.textStart(), r.module().get()));
        } else {
            field(b, "address", String.format("0x%x", s.address())
                    + (r.textStart() != 0 && s.address() >= r.textStart() ? String.format(" (_text+0x%x)",
                    s.address() - r.textStart()) : ""));
        }
        field(b, "size", s.size() + " bytes");
        field(b, "section", s.section() + " (" + describe(s) + ")");
        field(b, "compile unit", r.compileUnit().orElse(s.fileName() == null ? "unknown (no DWARF)" : s.fileName()));
        field(b, "binding", switch (s.binding()) {
            case LOCAL -> "local (static)";
            case GLOBAL -> "global";
            case WEAK -> "weak";
            default -> "other";
        });
        field(b, "aliases", r.aliases().isEmpty() ? "none" : names(r.aliases()));
        field(b, "prototype", r.prototype().map(Object::toString).orElse("none in BTF"));
        field(b, "fentry", r.fentryOffset().isPresent()
                ? "call at +" + r.fentryOffset().getAsLong() + ": ftrace can redirect it"
                : "none: ftrace cannot redirect it (built without tracing)"
                + (s.size() < 5 ? "; at " + s.size() + " bytes it is too small for a 5-byte jump too" : ""));
        field(b, "kprobes", r.kprobeBlacklisted() ? "blacklisted (NOKPROBE_SYMBOL)" : "not blacklisted");
        if (r.source().isPresent()) {
            SourceFunction f = r.source().get();
            field(b, "declared", f.declaredIn() + ":" + f.line() + (f.name().equals(s.name()) ? "" : " as " + f.name())
                    + (f.noreturn() ? ", noreturn" : ""));
            field(b, "inlined into", count(r.inlinedInto()));
            field(b, "other copies", count(r.otherCopies()));
        } else {
            field(b, "declared", "unknown (no DWARF record)");
        }
        field(b, "referenced by", count(r.callers()));
        field(b, "thread main", r.threadCreators().isEmpty() ? "no"
                : "yes, started by " + names(r.threadCreators()));
        long errors = r.findings().stream().filter(d -> d.severity() == Severity.ERROR).count();
        long warnings = r.findings().size() - errors;
        field(b, "findings", r.findings().isEmpty() ? "none: it can be replaced"
                : plural(errors, "error") + ", " + plural(warnings, "warning")
                + (errors == 0 ? ": it can be replaced" : ": it cannot be replaced"));
        for (Diagnostic d : r.findings()) {
            b.append("    ").append(d.severity().label()).append('[').append(d.code()).append("]: ")
                    .append(d.message()).append('\n');
            d.help().ifPresent(h -> b.append("      help: ").append(h).append('\n'));
            for (String note : d.notes()) {
                b.append("        ").append(note).append('\n');
            }
        }
        return b.toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append("  ").append(String.format("%-15s", name)).append(value).append('\n');
    }

    private static String count(List<FunctionReport.Place> places) {
        if (places.isEmpty()) {
            return "none";
        }
        List<FunctionReport.Place> shown = places.subList(0, Math.min(SHOWN, places.size()));
        String list = shown.stream().map(FunctionReport.Place::toString).collect(Collectors.joining(", "));
        return places.size() + ": " + list + (places.size() > shown.size()
                ? ", ... (" + (places.size() - shown.size()) + " more)" : "");
    }

    private static String names(List<KernelSymbol> symbols) {
        return symbols.stream().map(KernelSymbol::name).collect(Collectors.joining(", "));
    }

    private static String plural(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String describe(KernelSymbol s) {
        return switch (s.region()) {
            case TEXT -> "code that stays after boot";
            case INIT -> "init code, freed after boot";
            case EXIT -> "exit code, discarded";
            case PERCPU -> "per-CPU data";
            case ABSOLUTE -> "absolute";
            case RODATA -> "read-only data";
            case DATA -> "data";
            case BSS -> "zeroed data";
            default -> "not loaded";
        };
    }
}
