package org.dynamos.image;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the test's ELF files with gcc at test time: a fake vmlinux laid out like the real one
 * ({@code head.c}, {@code one.c}, {@code two.c}, {@code fake-vmlinux.lds}) and relocatable
 * objects shaped like kernel modules. Tests are skipped where gcc is absent.
 */
public final class ElfFixtures {
    /** Build-id given to the fake vmlinux. */
    public static final String FAKE_BUILD_ID = "0123456789abcdef0123456789abcdef01234567";

    private static final List<String> KERNEL_CFLAGS = List.of("-O0", "-fno-toplevel-reorder", "-falign-functions=64",
            "-pg", "-mfentry", "-mrecord-mcount", "-mcmodel=kernel", "-fno-pic", "-fno-asynchronous-unwind-tables",
            "-ffreestanding", "-fno-stack-protector", "-fcf-protection=none");
    private static final List<String> MODULE_CFLAGS = List.of("-O2", "-mcmodel=kernel", "-fno-pic",
            "-fno-asynchronous-unwind-tables", "-ffreestanding", "-fno-stack-protector", "-fcf-protection=none");

    private ElfFixtures() {
    }

    /** Skips the calling test unless gcc runs. */
    public static void assumeGcc() {
        boolean ok;
        try {
            ok = new ProcessBuilder("gcc", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        assumeTrue(ok, "gcc is needed to build the ELF fixtures");
    }

    /** @return a fake vmlinux linked in {@code dir} */
    public static Path fakeVmlinux(Path dir) throws IOException {
        assumeGcc();
        List<String> objects = new ArrayList<>();
        for (String unit : List.of("head", "one", "two")) {
            Path c = copy("/org/dynamos/image/" + unit + ".c", dir);
            Path o = dir.resolve(unit + ".o");
            List<String> cmd = new ArrayList<>(List.of("gcc", "-c"));
            cmd.addAll(KERNEL_CFLAGS);
            cmd.addAll(List.of(c.getFileName().toString(), "-o", o.getFileName().toString()));
            run(dir, cmd);
            objects.add(o.getFileName().toString());
        }
        Path lds = copy("/org/dynamos/image/fake-vmlinux.lds", dir);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-nostdlib", "-static", "-no-pie",
                "-Wl,-T," + lds.getFileName(), "-Wl,--emit-relocs", "-Wl,--build-id=0x" + FAKE_BUILD_ID));
        cmd.addAll(objects);
        cmd.addAll(List.of("-o", "vmlinux"));
        run(dir, cmd);
        return dir.resolve("vmlinux");
    }

    /**
     * Compiles a C resource into a relocatable object, as gcc compiles kernel module code.
     *
     * @param resource class path of the C file, e.g. {@code /org/dynamos/bind/module.c}
     * @return the object file (named after the source, extension {@code .ko})
     */
    public static Path module(String resource, Path dir) throws IOException {
        assumeGcc();
        Path c = copy(resource, dir);
        String base = c.getFileName().toString().replaceFirst("\\.c$", "");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-c"));
        cmd.addAll(MODULE_CFLAGS);
        cmd.addAll(List.of(c.getFileName().toString(), "-o", base + ".ko"));
        run(dir, cmd);
        return dir.resolve(base + ".ko");
    }

    /**
     * Compiles a C resource into a relocatable object with exactly these gcc flags.
     *
     * @return the object file (named after the source, extension {@code .o})
     */
    public static Path object(String resource, Path dir, List<String> flags) throws IOException {
        assumeGcc();
        Path c = copy(resource, dir);
        String base = c.getFileName().toString().replaceFirst("\\.c$", "");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-c"));
        cmd.addAll(flags);
        cmd.addAll(List.of(c.getFileName().toString(), "-o", base + ".o"));
        run(dir, cmd);
        return dir.resolve(base + ".o");
    }

    private static Path copy(String resource, Path dir) throws IOException {
        try (InputStream in = ElfFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            Path target = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            Files.write(target, in.readAllBytes());
            return target;
        }
    }

    private static void run(Path dir, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("fixture build failed: " + String.join(" ", cmd) + "\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
