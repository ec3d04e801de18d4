package org.dynamos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dynamos.clone.CloneContext;
import org.dynamos.clone.CloneReport;
import org.dynamos.clone.Finding;
import org.dynamos.clone.Refusal;
import org.dynamos.disasm.DisassemblerUnavailableException;
import org.dynamos.image.ElfKernelImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dynamos clone-report}: every function of the image, clonable or why not. */
@Command(name = "clone-report", mixinStandardHelpOptions = true,
        description = "Clone every function of the kernel image (as for an update module, exits tracked) "
                + "and report which can be cloned, which see every exit, and why not; with timing.")
final class CloneReportCommand implements Callable<Integer> {

    @Mixin
    KernelOptions kernel;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--list", description = "Also list every function that is refused, with its first reason.")
    boolean list;

    @Option(names = "--threads", paramLabel = "N", description = "Cloning threads (default: the processors).")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserError, IOException {
        long t0 = System.nanoTime();
        int n = threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors();
        CloneReport report;
        long indexNanos;
        String image;
        try (ElfKernelImage img = ElfKernelImage.open(kernel.vmlinuxPath())) {
            image = kernel.vmlinuxPath().getFileName().toString();
            CloneContext ctx = CloneContext.of(img);
            indexNanos = System.nanoTime() - t0;
            report = CloneReport.run(ctx, n);
        } catch (DisassemblerUnavailableException e) {
            throw new UserError(e.getMessage(), e);
        }
        double process = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, image, report, indexNanos, process);
        } else {
            printText(out, image, report, indexNanos, process);
        }
        return ExitCodes.OK;
    }

    private static double perSecond(CloneReport r) {
        return r.functions().size() / (r.elapsedNanos() / 1e9);
    }

    private void printText(PrintWriter out, String image, CloneReport r, long indexNanos, double process) {
        int total = r.functions().size();
        out.printf(Locale.ROOT, "clone-report: %d functions of %s (Capstone %s)%n", total, image, r.capstone());
        out.printf(Locale.ROOT, "  clonable:        %6d  %6.2f%%%n", r.clonable(), 100.0 * r.clonable() / total);
        out.printf(Locale.ROOT, "  exit-trackable:  %6d  %6.2f%%%n", r.exitTrackable(), 100.0 * r.exitTrackable() / total);
        printReasons(out, "not clonable, by first reason:", r.byFirstReason(Refusal.Scope.CLONE), total);
        printReasons(out, "clonable, but not every exit tracked, by first reason:",
                r.byFirstReason(Refusal.Scope.EXIT_TRACKING), total);
        if (list) {
            out.println("refused functions:");
            for (CloneReport.Row row : r.functions()) {
                if (!row.findings().isEmpty()) {
                    Finding f = row.findings().stream().filter(x -> x.refusal().scope() == Refusal.Scope.CLONE)
                            .findFirst().orElse(row.findings().get(0));
                    out.printf(Locale.ROOT, "  %-40s %s%n", row.name(), f);
                }
            }
        }
        out.printf(Locale.ROOT, "elapsed: %.1f s whole process (image indexed in %.1f s, cloned in %.1f s on %d threads), "
                        + "%.0f functions/s%n", process, indexNanos / 1e9, r.elapsedNanos() / 1e9, r.threads(),
                perSecond(r));
    }

    private static void printReasons(PrintWriter out, String title, Map<Refusal, Integer> m, int total) {
        out.println(title + (m.isEmpty() ? " none" : ""));
        m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e ->
                out.printf(Locale.ROOT, "  %-28s %6d  %5.2f%%  %s%n", e.getKey(), e.getValue(),
                        100.0 * e.getValue() / total, e.getKey().summary()));
    }

    private void printJson(PrintWriter out, String image, CloneReport r, long indexNanos, double process) {
        StringBuilder s = new StringBuilder();
        s.append("{\n  \"image\": ").append(Json.string(image))
                .append(",\n  \"capstone\": ").append(Json.string(r.capstone()))
                .append(",\n  \"functions\": ").append(r.functions().size())
                .append(",\n  \"clonable\": ").append(r.clonable())
                .append(",\n  \"exitTrackable\": ").append(r.exitTrackable())
                .append(",\n  \"notClonableByFirstReason\": ").append(Json.counts(r.byFirstReason(Refusal.Scope.CLONE)))
                .append(",\n  \"notExitTrackableByFirstReason\": ")
                .append(Json.counts(r.byFirstReason(Refusal.Scope.EXIT_TRACKING)))
                .append(",\n  \"byAnyReason\": ").append(Json.counts(r.byAnyReason()))
                .append(",\n  \"elapsedSeconds\": ").append(String.format(Locale.ROOT, "%.3f", process))
                .append(",\n  \"indexSeconds\": ").append(String.format(Locale.ROOT, "%.3f", indexNanos / 1e9))
                .append(",\n  \"cloneSeconds\": ").append(String.format(Locale.ROOT, "%.3f", r.elapsedNanos() / 1e9))
                .append(",\n  \"threads\": ").append(r.threads())
                .append(",\n  \"functionsPerSecond\": ").append(Math.round(perSecond(r)))
                .append(",\n  \"refused\": [");
        boolean first = true;
        for (CloneReport.Row row : r.functions()) {
            if (row.findings().isEmpty()) {
                continue;
            }
            s.append(first ? "\n" : ",\n").append("    {\"name\": ").append(Json.string(row.name()))
                    .append(", \"address\": ").append(Json.string("0x" + Long.toHexString(row.address())))
                    .append(", \"clonable\": ").append(row.clonable())
                    .append(", \"findings\": [");
            boolean f1 = true;
            for (Finding f : row.findings()) {
                s.append(f1 ? "" : ", ").append("{\"reason\": ").append(Json.string(f.refusal().name()))
                        .append(", \"address\": ").append(Json.string("0x" + Long.toHexString(f.address())))
                        .append(", \"detail\": ").append(Json.string(f.detail())).append('}');
                f1 = false;
            }
            s.append("]}");
            first = false;
        }
        s.append("\n  ]\n}");
        out.println(s);
    }

    /** Minimal JSON writing for the report. */
    static final class Json {
        private Json() {
        }

        static String string(String v) {
            StringBuilder s = new StringBuilder("\"");
            for (char c : v.toCharArray()) {
                switch (c) {
                    case '"' -> s.append("\\\"");
                    case '\\' -> s.append("\\\\");
                    case '\n' -> s.append("\\n");
                    default -> {
                        if (c < 0x20) {
                            s.append(String.format("\\u%04x", (int) c));
                        } else {
                            s.append(c);
                        }
                    }
                }
            }
            return s.append('"').toString();
        }

        static String counts(Map<Refusal, Integer> m) {
            StringBuilder s = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<Refusal, Integer> e : m.entrySet()) {
                s.append(first ? "" : ", ").append(string(e.getKey().name())).append(": ").append(e.getValue());
                first = false;
            }
            return s.append('}').toString();
        }
    }
}
