package org.dynamos.build;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Runs the kernel's own build system (kbuild) on one external module directory. */
public final class Kbuild {

    /** What make printed and how it ended. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** A step of kbuild's quiet output: two blanks, a verb in capitals ({@code CC [M]}, {@code LD [M]}, {@code BTF [M]}). */
    private static final Pattern STEP = Pattern.compile("^  [A-Z]+ ");

    private Kbuild() {
    }

    /**
     * {@code make -C KDIR M=DIR modules}. Non-exported kernel symbols are
     * expected (they are bound afterwards), so modpost only warns about them.
     *
     * @param extraSymbols Module.symvers files of modules this one uses (the runtime core)
     */
    public static Result modules(Path kdir, Path moduleDir, List<Path> extraSymbols) throws IOException {
        return modules(kdir, moduleDir, extraSymbols, line -> { });
    }

    /**
     * As {@link #modules(Path, Path, List)}, handing each step kbuild prints ({@code CC [M]},
     * {@code MODPOST}, {@code LD [M]}, ...) to {@code steps} as it happens, with paths relative to
     * the module's directory.
     */
    public static Result modules(Path kdir, Path moduleDir, List<Path> extraSymbols, Consumer<String> steps)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of("make", "-C", kdir.toString(), "M=" + moduleDir,
                "-j" + Math.max(1, Runtime.getRuntime().availableProcessors()), "KBUILD_MODPOST_WARN=1"));
        if (!extraSymbols.isEmpty()) {
            cmd.add("KBUILD_EXTRA_SYMBOLS=" + String.join(" ", extraSymbols.stream().map(Path::toString).toList()));
        }
        cmd.add("modules");
        return run(cmd, moduleDir, steps);
    }

    /**
     * {@code make -C KDIR M=DIR TARGETS...}: single targets of an external directory, such as
     * one object ({@code cmdline.o}).
     */
    public static Result make(Path kdir, Path dir, List<String> targets) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("make", "-C", kdir.toString(), "M=" + dir));
        cmd.addAll(targets);
        return run(cmd, dir, line -> { });
    }

    private static Result run(List<String> cmd, Path moduleDir, Consumer<String> steps) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run make (install the 'make' package): " + e.getMessage(), e);
        }
        StringBuilder output = new StringBuilder();
        String prefix = moduleDir.toAbsolutePath().normalize() + "/";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                output.append(line).append('\n');
                if (STEP.matcher(line).find()) {
                    steps.accept(line.replace(prefix, ""));
                }
            }
        }
        try {
            return new Result(p.waitFor(), output.toString());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building", e);
        }
    }
}
