package org.dynamos.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dynamos.image.KernelIndex;

/**
 * Prints the figures of issue 3: how long building a kernel's index takes, and {@code dynamos check}
 * of each example end to end (a whole process, JVM start included, as a user runs it), with the
 * index and from the vmlinux alone, as median wall time and peak resident set size measured by
 * {@code /usr/bin/time -v}:
 * <pre>
 * java -cp compiler/target/dynamos.jar org.dynamos.cli.CheckBenchmark compiler/target/dynamos.jar VMLINUX examples [ROUNDS]
 * </pre>
 * A figure, not a test: the machine's load changes it.
 */
public final class CheckBenchmark {
    private static final Pattern WALL = Pattern.compile("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): (?:(\\d+):)?(\\d+):([\\d.]+)");
    private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

    private CheckBenchmark() {
    }

    /** Entry point: {@code CheckBenchmark JAR VMLINUX EXAMPLES_DIR [ROUNDS]}. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: CheckBenchmark JAR VMLINUX EXAMPLES_DIR [ROUNDS]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path vmlinux = Path.of(args[1]);
        Path examples = Path.of(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path tmp = Files.createTempDirectory("dynamos-bench");
        try {
            // the index, in a kernel-store layout of its own so the default kernel's is left alone
            Path root = Files.createDirectories(tmp.resolve("kernel/root"));
            Path linked = Files.createSymbolicLink(root.resolve(vmlinux.getFileName()), vmlinux.toAbsolutePath());
            Path index = tmp.resolve("kernel").resolve(KernelIndex.FILE_NAME);
            long t0 = System.nanoTime();
            KernelIndex.build(linked, index);
            System.out.printf("index build: %.2f s, %.1f MB (%s)%n", (System.nanoTime() - t0) / 1e9,
                    Files.size(index) / 1e6, vmlinux.getFileName());
            // the vmlinux alone: a link outside any store layout, so no index is found beside it
            Path bare = Files.createSymbolicLink(tmp.resolve(vmlinux.getFileName()), vmlinux.toAbsolutePath());
            List<Path> scripts;
            try (Stream<Path> s = Files.walk(examples)) {
                scripts = s.filter(p -> p.toString().endsWith(".dyn")).sorted().toList();
            }
            for (Path script : scripts) {
                report("check " + script.getFileName() + " with the index", jar, script, linked, rounds);
                report("check " + script.getFileName() + " from the vmlinux", jar, script, bare, rounds);
            }
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(String what, Path jar, Path script, Path vmlinux, int rounds)
            throws IOException, InterruptedException {
        double[] wall = new double[rounds];
        long[] rss = new long[rounds];
        int exit = 0;
        for (int i = 0; i < rounds; i++) {
            Process p = new ProcessBuilder("/usr/bin/time", "-v", "java", "-jar", jar.toString(), "check",
                    script.toString(), "--vmlinux", vmlinux.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = Math.max(exit, p.waitFor());
            Matcher w = WALL.matcher(err);
            Matcher r = RSS.matcher(err);
            if (!w.find() || !r.find()) {
                throw new IOException("no /usr/bin/time -v figures in:\n" + err);
            }
            wall[i] = (w.group(1) == null ? 0 : Integer.parseInt(w.group(1)) * 3600)
                    + Integer.parseInt(w.group(2)) * 60 + Double.parseDouble(w.group(3));
            rss[i] = Long.parseLong(r.group(1));
        }
        Arrays.sort(wall);
        Arrays.sort(rss);
        System.out.printf("%-55s median %.2f s (min %.2f, max %.2f), peak RSS median %d MB (max %d MB), exit %d%n",
                what, wall[rounds / 2], wall[0], wall[rounds - 1], rss[rounds / 2] / 1024, rss[rounds - 1] / 1024, exit);
    }
}
