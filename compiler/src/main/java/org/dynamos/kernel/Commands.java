package org.dynamos.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Runs host commands, capturing their output; optionally echoes it line by line. */
final class Commands {
    private Commands() {}

    /** The outcome of one command. */
    record Result(List<String> command, int exit, String stdout, String stderr) {
        boolean ok() {
            return exit == 0;
        }

        /** The last lines of stderr (or stdout), for an error message. */
        String tail() {
            String text = stderr.isBlank() ? stdout : stderr;
            String[] lines = text.strip().split("\n");
            int from = Math.max(0, lines.length - 8);
            return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
        }
    }

    /**
     * Runs {@code stages} as a shell pipeline ({@code a | b | c}); a stage that fails throws with
     * what the stages wrote to their error streams (those not redirected), then {@code help}.
     *
     * @param what what the pipeline does, for the messages ({@code extracting vmlinux from X})
     * @param help appended to the failure message (empty for none)
     */
    static void pipeline(List<ProcessBuilder> stages, String what, String help) throws IOException, KernelStoreException {
        List<Process> pipeline = ProcessBuilder.startPipeline(stages);
        try {
            StringBuilder err = new StringBuilder();
            for (int i = pipeline.size() - 1; i >= 0; i--) {
                err.append(new String(pipeline.get(i).getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            for (Process p : pipeline) {
                if (p.waitFor() != 0) {
                    throw new KernelStoreException(what + " failed: " + err.toString().strip() + help);
                }
            }
        } catch (InterruptedException e) {
            pipeline.forEach(Process::destroy);
            Thread.currentThread().interrupt();
            throw new KernelStoreException("interrupted while " + what);
        }
    }

    /**
     * Runs {@code command} in {@code cwd} with stdin from /dev/null. When {@code echo} is given,
     * every output line (stdout and stderr) is also passed to it as it arrives.
     */
    static Result run(List<String> command, Path cwd, Consumer<String> echo) throws KernelStoreException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new KernelStoreException("cannot run " + command.get(0) + ": " + e.getMessage());
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Thread errPump = pump(p.getErrorStream(), err, echo);
        Thread outPump = pump(p.getInputStream(), out, echo);
        try {
            int exit = p.waitFor();
            outPump.join();
            errPump.join();
            synchronized (out) {
                synchronized (err) {
                    return new Result(List.copyOf(command), exit, out.toString(), err.toString());
                }
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new KernelStoreException("interrupted while running " + command.get(0));
        }
    }

    /** Like {@link #run} but fails with the command's last output lines when it exits non-zero. */
    static Result check(List<String> command, Path cwd, Consumer<String> echo, String what) throws KernelStoreException {
        Result r = run(command, cwd, echo);
        if (!r.ok()) {
            throw new KernelStoreException(what + " failed (" + String.join(" ", command.subList(0, Math.min(2, command.size())))
                    + " exited with " + r.exit() + "):\n" + r.tail());
        }
        return r;
    }

    /** The first executable named {@code name} on PATH (or in {@code extraDirs}). */
    static Optional<Path> which(String name, String... extraDirs) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of(extraDirs));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Thread pump(InputStream in, StringBuilder sink, Consumer<String> echo) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (sink) {
                        sink.append(line).append('\n');
                    }
                    if (echo != null) {
                        echo.accept(line);
                    }
                }
            } catch (IOException e) {
                // The process died; what was read is kept.
            }
        }, "dynamos-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
