package org.dynamos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dynamos.kernel.KernelStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user runs it: a JVM of its own (the launcher's
 * {@code java -jar}, here on the test class path), from a working directory of its own, with relative paths to the script and
 * the output directory (kbuild runs in the kernel's directory, where a
 * relative path would point elsewhere).
 */
class RelativePathsTest {
    static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();

    record Run(int code, String out) {
    }

    /**
     * A user's workspace in {@code dir}: the examples reached as {@code ../ex} from the working
     * directory it returns. Skips the test when the default kernel is not fetched.
     */
    static Path workspace(Path dir) throws IOException {
        Assumptions.assumeTrue(KernelStore.defaultStore().installed().isPresent(), "default kernel not fetched");
        Files.createSymbolicLink(dir.resolve("ex"), EXAMPLES);
        return Files.createDirectories(dir.resolve("work"));
    }

    static Run run(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    @Test
    void buildWithRelativeScriptAndOutputFromAnotherDirectory(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(KernelStore.defaultStore().installed().isPresent(), "default kernel not fetched");
        Path examples = Files.createSymbolicLink(dir.resolve("ex"), EXAMPLES);
        Path cwd = Files.createDirectories(dir.resolve("work"));
        String script = "../" + examples.getFileName() + "/cmdline-hello/cmdline-hello.dyn";

        Run check = run(cwd, "check", script);
        assertEquals(0, check.code(), check.out());

        Run rel = run(cwd, "build", script, "-o", "rel/out");
        assertEquals(0, rel.code(), rel.out());
        assertTrue(Files.isRegularFile(cwd.resolve("rel/out/cmdline_hello.ko")), rel.out());
        assertTrue(Files.isRegularFile(cwd.resolve("rel/out/dynamos.ko")), rel.out());
        // kbuild's steps as they happen, under the module they build, paths relative to it
        assertTrue(rel.out().matches("(?s).*  UPDATE  cmdline_hello \\(1 function\\)\n    CC \\[M\\]  \\S+\\.o\n.*"
                + "    LD \\[M\\]  cmdline_hello\\.ko\n.*"), rel.out());

        Run dflt = run(cwd, "build", script);
        assertEquals(0, dflt.code(), dflt.out());
        assertTrue(Files.isRegularFile(cwd.resolve("out/cmdline_hello.ko")), "default ./out: " + dflt.out());
    }

    @Test
    void aSourceIncludesAHeaderBesideIt(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(KernelStore.defaultStore().installed().isPresent(), "default kernel not fetched");
        Path upd = Files.createDirectories(dir.resolve("upd"));
        Files.writeString(upd.resolve("mark.h"), "#define MARK \" [dynamos: header beside the script]\\n\"\n");
        Files.writeString(upd.resolve("hello.c"), """
                #include <linux/seq_file.h>
                #include "mark.h"
                extern char *saved_command_line;
                int cmdline_marked(struct seq_file *m, void *v)
                {
                	seq_puts(m, saved_command_line);
                	seq_puts(m, MARK);
                	return 0;
                }
                """);
        Files.writeString(upd.resolve("marked.dyn"),
                "update marked {\n    source \"hello.c\";\n    replace cmdline_proc_show with cmdline_marked;\n}\n");
        Run r = run(dir, "build", "upd/marked.dyn", "-o", "out");
        assertEquals(0, r.code(), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("out/marked.ko")), r.out());
    }

    /**
     * {@code inspect}, {@code check} and {@code clone -o} with a relative {@code --vmlinux} and a
     * relative output directory, from a directory of their own: the default kernel's image reached
     * through a relative symbolic link.
     */
    @Test
    void inspectCheckAndCloneTakeRelativePaths(@TempDir Path dir) throws Exception {
        var kernel = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(kernel.isPresent(), "default kernel not fetched");
        Files.createSymbolicLink(dir.resolve("vmlinux"), kernel.get().vmlinux());
        Files.createSymbolicLink(dir.resolve("ex"), EXAMPLES);
        Path cwd = Files.createDirectories(dir.resolve("work"));

        Run inspect = run(cwd, "inspect", "cmdline_proc_show", "--vmlinux", "../vmlinux");
        assertEquals(0, inspect.code(), inspect.out());
        assertTrue(inspect.out().contains("compile unit   fs/proc/cmdline.c"), inspect.out());

        Run check = run(cwd, "check", "../ex/cmdline-hello/cmdline-hello.dyn", "--vmlinux", "../vmlinux");
        assertEquals(0, check.code(), check.out());

        Run clone = run(cwd, "clone", "cmdline_proc_show", "--vmlinux", "../vmlinux", "-o", "clones/rel");
        assertEquals(0, clone.code(), clone.out());
        assertTrue(Files.isRegularFile(cwd.resolve("clones/rel/cmdline_proc_show.S")), clone.out());
        assertTrue(Files.isRegularFile(cwd.resolve("clones/rel/cmdline_proc_show.relocs.json")), clone.out());
    }
}
