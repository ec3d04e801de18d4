package org.dynamos.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the kernel's own build system (kbuild) on one external module directory. */
public final class Kbuild {

    /** What make printed and how it ended. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private Kbuild() {
    }

    /**
     * {@code make -C KDIR M=DIR modules}. Non-exported kernel symbols are
     * expected (they are bound afterwards), so modpost only warns about them.
     *
     * @param extraSymbols Module.symvers files of modules this one uses (the runtime core)
     */
    public static Result modules(Path kdir, Path moduleDir, List<Path> extraSymbols) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("make", "-C", kdir.toString(), "M=" + moduleDir,
                "-j" + Math.max(1, Runtime.getRuntime().availableProcessors()), "KBUILD_MODPOST_WARN=1"));
        if (!extraSymbols.isEmpty()) {
            cmd.add("KBUILD_EXTRA_SYMBOLS=" + String.join(" ", extraSymbols.stream().map(Path::toString).toList()));
        }
        cmd.add("modules");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run make (install the 'make' package): " + e.getMessage(), e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Result(p.waitFor(), output);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building", e);
        }
    }
}
