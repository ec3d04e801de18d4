package org.dynamos.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.KernelImage;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.qemu.GuestResult;
import org.dynamos.qemu.GuestStep;
import org.dynamos.qemu.QemuRunner;
import org.dynamos.qemu.StepResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples, built by the real pipeline, live-patch the default kernel
 * booted in QEMU (2 CPUs, KASLR on): the text changes after enable and comes
 * back after disable, two updates work side by side, an enabled update
 * cannot be unloaded, and the kernel logs no warning, BUG or oops.
 */
@Tag("qemu")
class LivePatchQemuTest {
    static final Path EXAMPLES = TrialFixtures.EXAMPLES;
    static final String MARK_CMDLINE = "[dynamos: cmdline_hello]";
    static final String MARK_VERSION = "updated in place by dynamos (version_note)";

    @TempDir
    static Path work;
    static KernelInstall kernel;
    static List<Path> modules = new ArrayList<>();

    @BeforeAll
    static void buildBothExamples() throws Exception {
        kernel = TrialFixtures.defaultKernel();
        for (String script : List.of("cmdline-hello/cmdline-hello.dyn", "version-note/version-note.dyn")) {
            List<Path> built = TrialFixtures.build(kernel, kernel.vmlinux(), EXAMPLES.resolve(script),
                    work.resolve(script.substring(0, script.indexOf('/'))));
            if (modules.isEmpty()) {
                modules.add(built.get(0)); // dynamos.ko: the same core for both
            }
            modules.add(built.get(1));
        }
    }

    static String output(GuestResult r, String step) {
        return TrialFixtures.output(r, step);
    }

    @Test
    void twoUpdatesPatchAndRevertTheRunningKernel() throws Exception {
        String show = "cat /proc/cmdline; cat /proc/version\n";
        List<GuestStep> steps = List.of(
                TrialSteps.load(List.of("cmdline_hello", "version_note")),
                GuestStep.of("before", show),
                TrialSteps.setEnabled("enable-cmdline", List.of("cmdline_hello"), true),
                GuestStep.of("cmdline-only", show + "cat /sys/kernel/dynamos/cmdline_hello/enabled\n"),
                GuestStep.failing("rmmod-enabled", "rmmod cmdline_hello"),
                TrialSteps.setEnabled("enable-version", List.of("version_note"), true),
                GuestStep.of("both", show + "cat /sys/kernel/dynamos/cmdline_hello/functions/cmdline_proc_show/calls\n"),
                TrialSteps.setEnabled("disable-both", List.of("cmdline_hello", "version_note"), false),
                GuestStep.of("after", show),
                TrialSteps.unload(List.of("cmdline_hello", "version_note")),
                GuestStep.of("unloaded", "ls /sys/kernel/dynamos 2>&1; lsmod | grep -c dynamos || true"));
        GuestResult r = UpdateTrial.run(kernel, modules, steps,
                QemuRunner.Options.defaults().withTimeout(Duration.ofMinutes(4)), work, line -> { });

        assertEquals(List.of(), r.kernelProblems(), "the kernel reported problems");
        String before = output(r, "before");
        assertFalse(before.contains(MARK_CMDLINE) || before.contains(MARK_VERSION), before);

        String cmdlineOnly = output(r, "cmdline-only");
        assertTrue(cmdlineOnly.contains(MARK_CMDLINE), cmdlineOnly);
        assertFalse(cmdlineOnly.contains(MARK_VERSION), cmdlineOnly);
        assertTrue(cmdlineOnly.strip().endsWith("1"), "enabled reads 1: " + cmdlineOnly);

        StepResult rmmod = r.step("rmmod-enabled").orElseThrow();
        assertNotEquals(0, rmmod.status(), "rmmod of an enabled update must be refused");
        // busybox rmmod asks without waiting, so a held module answers EAGAIN rather than "in use"
        assertTrue(rmmod.output().contains("can't unload module 'cmdline_hello'"), rmmod.output());

        String both = output(r, "both");
        assertTrue(both.contains(MARK_CMDLINE) && both.contains(MARK_VERSION), both);
        long calls = Long.parseLong(both.strip().substring(both.strip().lastIndexOf('\n') + 1).strip());
        assertTrue(calls >= 2, "cat /proc/cmdline ran the new version at least twice: " + calls);

        String after = output(r, "after");
        assertEquals(before, after, "disabling restores the original output");

        output(r, "unload");
        assertTrue(r.allAsExpected(), "every step as expected");
    }

    /**
     * The load-time guard: a module built against another kernel image (here
     * the same vmlinux with one byte of its build-id changed) refuses to
     * load, with a clear kernel-log line; the one built for this image loads
     * (KASLR on).
     */
    @Test
    void aModuleBuiltForAnotherImageRefusesToLoad() throws Exception {
        Path other = work.resolve("other-image/vmlinux");
        Files.createDirectories(other.getParent());
        Files.copy(kernel.vmlinux(), other);
        String buildId;
        try (KernelImage image = ElfKernelImage.open(kernel.vmlinux())) {
            buildId = image.buildId().orElseThrow();
        }
        flipBuildId(other, HexFormat.of().parseHex(buildId));
        Path script = work.resolve("other-image/other_image.dyn");
        Files.writeString(script, "update other_image {\n    source \""
                + EXAMPLES.resolve("cmdline-hello/hello.c").toAbsolutePath().normalize()
                + "\";\n    replace cmdline_proc_show with cmdline_proc_show_v2;\n}\n");
        Path ko;
        Path otherCore = work.resolve("other-image/dynamos-other.ko");
        try {
            List<Path> built = TrialFixtures.build(kernel, other, script, work.resolve("other-image/out"));
            ko = built.get(1);
            Files.copy(built.get(0), otherCore);
        } finally {
            Files.delete(other);
        }
        List<Path> both = List.of(modules.get(0), modules.get(1), ko, otherCore);
        GuestResult r = UpdateTrial.run(kernel, both, List.of(
                GuestStep.failing("other-core", "insmod dynamos-other.ko"),
                GuestStep.of("core", "insmod dynamos.ko"),
                GuestStep.failing("other-image", "insmod other_image.ko"),
                GuestStep.of("this-image", "insmod cmdline_hello.ko && echo 1 > /sys/kernel/dynamos/cmdline_hello/enabled"
                        + " && cat /proc/cmdline")),
                QemuRunner.Options.defaults(), work, line -> { });
        assertEquals(List.of(), r.kernelProblems());
        StepResult coreRefused = r.step("other-core").orElseThrow();
        assertNotEquals(0, coreRefused.status(), coreRefused.output());
        assertTrue(coreRefused.kernelLog().contains("runtime core built for the kernel image with build-id"),
                coreRefused.kernelLog());
        StepResult refused = r.step("other-image").orElseThrow();
        assertNotEquals(0, refused.status(), refused.output());
        assertTrue(refused.kernelLog().contains("built for the kernel image with build-id"), refused.kernelLog());
        assertTrue(output(r, "this-image").contains(MARK_CMDLINE));
    }

    /** Changes the first byte of the GNU build-id in a copy of the image's note. */
    static void flipBuildId(Path vmlinux, byte[] id) throws IOException {
        try (FileChannel ch = FileChannel.open(vmlinux, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, Math.min(ch.size(), 64L << 20));
            for (int i = 0; i + id.length <= map.limit(); i++) {
                int j = 0;
                while (j < id.length && map.get(i + j) == id[j]) {
                    j++;
                }
                if (j == id.length) {
                    map.put(i, (byte) (id[0] ^ 0xff));
                    map.force();
                    return;
                }
            }
        }
        throw new AssertionError("build-id not found in the first 64 MiB of " + vmlinux);
    }

    @Test
    void tryCommandShowsTheExampleLivePatchedAndReverted() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = org.dynamos.cli.Main.run(new PrintWriter(out), new PrintWriter(err),
                "try", EXAMPLES.resolve("cmdline-hello/cmdline-hello.dyn").toString(),
                "--run", "cat /proc/cmdline", "-o", work.resolve("try").toString());
        String text = out.toString();
        assertEquals(0, code, text + err);
        int enabled = text.indexOf("== after enabling");
        int disabled = text.indexOf("== after disabling");
        assertTrue(text.indexOf("== before enabling") < enabled && enabled < disabled, text);
        assertFalse(text.substring(0, enabled).contains(MARK_CMDLINE), text);
        assertTrue(text.substring(enabled, disabled).contains(MARK_CMDLINE), text);
        assertFalse(text.substring(disabled).contains(MARK_CMDLINE), text);
    }
}
