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
 * (the units under src/test/resources/org/dynamos/image and {@code fake-vmlinux.lds}), with DWARF,
 * BTF, fentry sites and kept relocations, and relocatable objects shaped like kernel modules. Tests are skipped where gcc is absent.
 */
public final class ElfFixtures {
    /** Build-id given to the fake vmlinux. */
    public static final String FAKE_BUILD_ID = "0123456789abcdef0123456789abcdef01234567";

    private static final List<String> KERNEL_CFLAGS = List.of( "-falign-functions=64",
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

    /**
     * The fake vmlinux's compile units, in link order, with their optimisation flags: the first three
     * at -O0 in source order (their addresses are in approved files), the others at -O2 as the
     * kernel builds, so that gcc inlines, clones and splits functions (-fno-toplevel-reorder would
     * stop its .isra and .constprop clones). fs/namei.c also gets BTF ({@code -gbtf}),
     * which the linker script keeps as the image's {@code .BTF}.
     */
    private static final List<List<String>> UNITS = List.of(
            List.of("head.c", "-O0", "-fno-toplevel-reorder"),
            List.of("lib/one.c", "-O0", "-fno-toplevel-reorder"),
            List.of("kernel/two.c", "-O0", "-fno-toplevel-reorder"),
            List.of("fs/namei.c", "-O2", "-gbtf"),
            List.of("fs/nfs/namei.c", "-O2"),
            List.of("lib/clones.c", "-O2"),
            List.of("mm/vmscan.c", "-O2"),
            List.of("kernel/kthread.c", "-O2"),
            List.of("kernel/exit.c", "-O2"),
            List.of("kernel/locking/spinlock.c", "-O2"),
            List.of("fs/open.c", "-O2"));

    /** Headers the units include. */
    private static final List<String> HEADERS = List.of("include/jhash.h");

    /** @return a fake vmlinux linked in {@code dir} */
    public static Path fakeVmlinux(Path dir) throws IOException {
        return fakeVmlinux(dir, List.of());
    }

    /** @return a fake vmlinux linked in {@code dir}, every unit compiled with these extra flags too */
    public static Path fakeVmlinux(Path dir, List<String> extraCflags) throws IOException {
        assumeGcc();
        for (String h : HEADERS) {
            copy("/org/dynamos/image/" + h, dir, h);
        }
        List<String> objects = new ArrayList<>();
        for (List<String> unit : UNITS) {
            String source = unit.get(0);
            copy("/org/dynamos/image/" + source, dir, source);
            String o = source.replaceFirst("\\.c$", ".o");
            List<String> cmd = new ArrayList<>(List.of("gcc", "-c", "-g"));
            cmd.addAll(KERNEL_CFLAGS);
            cmd.addAll(unit.subList(1, unit.size()));
            cmd.addAll(extraCflags);
            cmd.addAll(List.of(source, "-o", o));
            run(dir, cmd);
            objects.add(o);
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
        return copy(resource, dir, resource.substring(resource.lastIndexOf('/') + 1));
    }

    private static Path copy(String resource, Path dir, String relative) throws IOException {
        try (InputStream in = ElfFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            Path target = dir.resolve(relative);
            Files.createDirectories(target.getParent());
            Files.write(target, in.readAllBytes());
            return target;
        }
    }

    /** Runs a tool in {@code dir}, failing the test if it fails. */
    public static void run(Path dir, List<String> cmd) throws IOException {
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
