package org.dynamos.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.dynamos.build.ModuleBuilder;
import org.dynamos.driver.Compilation;
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
 * examples/monitor-proc, built by the real pipeline, in the default kernel
 * booted in QEMU (2 CPUs, KASLR on): while the update is enabled its
 * replacement runs and the monitored functions (vfs_read, cmdline_proc_show)
 * are counted and timed; after disabling, the counts stay and stop changing;
 * enabling again counts on; the kernel logs no warning, BUG or oops.
 */
@Tag("qemu")
class MonitorQemuTest {
    static final String U = "/sys/kernel/dynamos/monitor_proc";
    static final String CMDLINE = U + "/monitors/cmdline_proc_show";
    static final String VFS_READ = U + "/monitors/vfs_read";
    static final String MARK = "updated in place by dynamos (monitor_proc)";
    static final int READS = 50;

    @TempDir
    static Path work;
    static KernelInstall kernel;
    static List<Path> modules;

    @BeforeAll
    static void build() throws Exception {
        kernel = TrialFixtures.defaultKernel();
        modules = TrialFixtures.build(kernel, kernel.vmlinux(),
                TrialFixtures.EXAMPLES.resolve("monitor-proc/monitor-proc.dyn"), work.resolve("out"));
    }

    static String output(GuestResult r, String step) {
        return TrialFixtures.output(r, step);
    }

    /** One line: calls, total_ns and missed of both monitors. */
    static final String COUNTS = "echo $(cat " + CMDLINE + "/calls " + CMDLINE + "/total_ns " + CMDLINE + "/missed "
            + VFS_READ + "/calls " + VFS_READ + "/total_ns " + VFS_READ + "/missed)\n";
    /** busybox cat copies with sendfile(), which does not call vfs_read; head reads. */
    static final String READ_LOOP = "i=0; while [ $i -lt " + READS + " ]; do cat /proc/cmdline > /dev/null; "
            + "head -n1 /proc/cmdline > /dev/null; i=$((i + 1)); done\n";

    static long[] counts(String line) {
        return Arrays.stream(line.strip().split("\\s+")).mapToLong(Long::parseLong).toArray();
    }

    @Test
    void monitorsCountAndTimeWhileEnabledOnly() throws Exception {
        List<GuestStep> steps = List.of(
                TrialSteps.load(List.of("monitor_proc")),
                GuestStep.of("files", "ls -1 " + U + "/monitors; ls -1 " + CMDLINE + "; " + COUNTS),
                TrialSteps.setEnabled("enable", List.of("monitor_proc"), true),
                GuestStep.of("enabled", COUNTS + READ_LOOP + COUNTS + "cat /proc/version\n"),
                TrialSteps.setEnabled("disable", List.of("monitor_proc"), false),
                GuestStep.of("disabled", COUNTS + READ_LOOP + COUNTS + "cat /proc/version\n"),
                TrialSteps.setEnabled("enable-again", List.of("monitor_proc"), true),
                GuestStep.of("again", READ_LOOP + COUNTS),
                // a vfs_read sleeping on a FIFO across disable and enable returns through the
                // kprobe trampoline of an unregistered probe: not counted, no harm
                GuestStep.of("in-flight", "set -e\nmkfifo /tmp/fifo\n(head -c1 /tmp/fifo > /tmp/got) &\n"
                        + "exec 3> /tmp/fifo\nsleep 0.5\n"
                        + "echo 0 > " + U + "/enabled\necho 1 > " + U + "/enabled\n"
                        + "echo x >&3\nexec 3>&-\nwait\ncat /tmp/got; echo\n" + READ_LOOP + COUNTS),
                TrialSteps.setEnabled("disable-again", List.of("monitor_proc"), false),
                TrialSteps.unload(List.of("monitor_proc")),
                GuestStep.of("unloaded", "ls /sys/kernel/dynamos 2>&1; lsmod | grep -c dynamos || true"));
        GuestResult r = UpdateTrial.run(kernel, modules, steps,
                QemuRunner.Options.defaults().withTimeout(Duration.ofMinutes(4)), work, line -> { });

        assertEquals(List.of(), r.kernelProblems(), "the kernel reported problems");
        List<String> files = output(r, "files").strip().lines().toList();
        assertEquals(List.of("cmdline_proc_show", "vfs_read", "calls", "missed", "total_ns", "0 0 0 0 0 0"), files,
                "registered, nothing counted before enabling");

        List<String> enabled = output(r, "enabled").strip().lines().toList();
        long[] e0 = counts(enabled.get(0));
        long[] e1 = counts(enabled.get(1));
        assertTrue(e1[0] - e0[0] >= 2 * READS, "every read of /proc/cmdline counted: " + enabled);
        assertTrue(e1[1] > e0[1], "cmdline_proc_show's time grew: " + enabled);
        assertTrue(e1[3] - e0[3] >= READS, "vfs_read counted at least once per head: " + enabled);
        assertTrue(e1[4] > e0[4], "vfs_read's time grew: " + enabled);
        assertTrue(output(r, "enabled").contains(MARK), "the replacement runs beside the monitors: " + enabled);
        double mean = (double) e1[1] / e1[0];
        assertTrue(mean > 0 && mean < 1e9, "a plausible mean time per call: " + mean);

        List<String> disabled = output(r, "disabled").strip().lines().toList();
        long[] d0 = counts(disabled.get(0));
        long[] d1 = counts(disabled.get(1));
        assertTrue(d0[0] >= e1[0], "counts kept after disabling: " + disabled);
        assertEquals(d0[0], d1[0], "cmdline_proc_show no longer counted: " + disabled);
        assertEquals(d0[1], d1[1], "cmdline_proc_show no longer timed: " + disabled);
        assertEquals(d0[3], d1[3], "vfs_read no longer counted: " + disabled);
        assertEquals(d0[4], d1[4], "vfs_read no longer timed: " + disabled);
        assertFalse(output(r, "disabled").contains(MARK), "the original runs again: " + disabled);

        long[] a = counts(output(r, "again"));
        assertTrue(a[0] - d1[0] >= 2 * READS, "enabling again counts on from the kept values: " + Arrays.toString(a));

        List<String> inFlight = output(r, "in-flight").strip().lines().toList();
        assertEquals("x", inFlight.get(0), "the sleeping read completed: " + inFlight);
        assertTrue(counts(inFlight.get(1))[0] - a[0] >= 2 * READS, "counting after the cycle: " + inFlight);

        output(r, "unload");
        assertTrue(r.allAsExpected(), "every step as expected");
    }

    /**
     * A monitor kprobes refuse (oops_begin is NOKPROBE_SYMBOL: only a warning at build time)
     * fails the enable cleanly: the log names the function, the replacement is not redirected,
     * the monitor registered before it is gone again, and the update unloads.
     */
    @Test
    void aMonitorKprobesRefuseFailsTheEnableWithNothingApplied() throws Exception {
        Path script = work.resolve("refused/monitor_refused.dyn");
        java.nio.file.Files.createDirectories(script.getParent());
        java.nio.file.Files.writeString(script, "update monitor_refused {\n    source \""
                + LivePatchQemuTest.EXAMPLES.resolve("monitor-proc/version.c").toAbsolutePath().normalize()
                + "\";\n    replace version_proc_show with version_proc_show_monitored;\n"
                + "    monitor cmdline_proc_show, oops_begin;\n}\n");
        Compilation.Result c = Compilation.compile(script, () -> ElfKernelImage.open(kernel.vmlinux()));
        assertTrue(c.ok(), () -> c.diagnostics().sorted().toString());
        assertTrue(c.diagnostics().sorted().stream().anyMatch(d -> d.toString().contains("W0211")),
                () -> c.diagnostics().sorted().toString());
        List<Path> built;
        try (KernelImage image = ElfKernelImage.open(kernel.vmlinux())) {
            ModuleBuilder.Outcome o = new ModuleBuilder(image, kernel.kdir(), new PrintStream(new ByteArrayOutputStream()))
                    .build(c.plans(), work.resolve("refused/out"));
            assertTrue(o.ok(), () -> o.diagnostics().sorted().toString());
            built = o.modules();
        }
        String u = "/sys/kernel/dynamos/monitor_refused";
        GuestResult r = UpdateTrial.run(kernel, built, List.of(
                TrialSteps.load(List.of("monitor_refused")),
                GuestStep.failing("enable", "echo 1 > " + u + "/enabled"),
                GuestStep.of("after", "cat " + u + "/enabled " + u + "/transition; cat /proc/cmdline > /dev/null; "
                        + "cat " + u + "/monitors/cmdline_proc_show/calls " + u + "/monitors/oops_begin/calls; "
                        + "cat /proc/version"),
                TrialSteps.unload(List.of("monitor_refused"))),
                QemuRunner.Options.defaults().withTimeout(Duration.ofMinutes(4)), work, line -> { });

        assertEquals(List.of(), r.kernelProblems(), "the kernel reported problems");
        StepResult enable = r.step("enable").orElseThrow();
        assertTrue(enable.asExpected() && enable.status() != 0, enable.output());
        assertTrue(enable.kernelLog().contains("monitor_refused: cannot monitor oops_begin"), enable.kernelLog());
        String after = output(r, "after");
        assertTrue(after.startsWith("0\n0\n0\n0\n"), "disabled, nothing counted: " + after);
        assertFalse(after.contains("updated in place by dynamos"), "the replacement is not redirected: " + after);
        output(r, "unload");
        assertTrue(r.allAsExpected(), "every step as expected");
    }

    /**
     * A function both replaced and monitored: the kretprobe enters through its own (not
     * IP-modifying) ftrace ops beside the core's, and times the new version.
     */
    @Test
    void aReplacedFunctionCanBeMonitored() throws Exception {
        Path script = work.resolve("both/monitor_replaced.dyn");
        java.nio.file.Files.createDirectories(script.getParent());
        java.nio.file.Files.writeString(script, "update monitor_replaced {\n    source \""
                + LivePatchQemuTest.EXAMPLES.resolve("cmdline-hello/hello.c").toAbsolutePath().normalize()
                + "\";\n    replace cmdline_proc_show with cmdline_proc_show_v2;\n"
                + "    monitor cmdline_proc_show;\n}\n");
        Compilation.Result c = Compilation.compile(script, () -> ElfKernelImage.open(kernel.vmlinux()));
        assertTrue(c.ok(), () -> c.diagnostics().sorted().toString());
        List<Path> built;
        try (KernelImage image = ElfKernelImage.open(kernel.vmlinux())) {
            ModuleBuilder.Outcome o = new ModuleBuilder(image, kernel.kdir(), new PrintStream(new ByteArrayOutputStream()))
                    .build(c.plans(), work.resolve("both/out"));
            assertTrue(o.ok(), () -> o.diagnostics().sorted().toString());
            built = o.modules();
        }
        String u = "/sys/kernel/dynamos/monitor_replaced";
        GuestResult r = UpdateTrial.run(kernel, built, List.of(
                TrialSteps.load(List.of("monitor_replaced")),
                TrialSteps.setEnabled("enable", List.of("monitor_replaced"), true),
                GuestStep.of("enabled", READ_LOOP + "cat /proc/cmdline\n"
                        + "echo $(cat " + u + "/monitors/cmdline_proc_show/calls "
                        + u + "/functions/cmdline_proc_show/calls)\n"),
                TrialSteps.setEnabled("disable", List.of("monitor_replaced"), false),
                GuestStep.of("disabled", "cat /proc/cmdline"),
                TrialSteps.unload(List.of("monitor_replaced"))),
                QemuRunner.Options.defaults().withTimeout(Duration.ofMinutes(4)), work, line -> { });

        assertEquals(List.of(), r.kernelProblems(), "the kernel reported problems");
        List<String> enabled = output(r, "enabled").strip().lines().toList();
        assertTrue(enabled.get(0).contains(LivePatchQemuTest.MARK_CMDLINE), "the new version runs: " + enabled);
        long[] n = counts(enabled.get(enabled.size() - 1));
        assertTrue(n[0] >= 2 * READS && n[1] >= 2 * READS, "counted by both: " + enabled);
        assertFalse(output(r, "disabled").contains(LivePatchQemuTest.MARK_CMDLINE));
        output(r, "unload");
        assertTrue(r.allAsExpected(), "every step as expected");
    }
}
