package org.dynamos.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.qemu.GuestResult;
import org.dynamos.qemu.GuestStep;
import org.dynamos.qemu.QemuRunner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update made only of monitor lines (the paper's Table 1), with no C
 * source: built by the real pipeline into a module that replaces nothing
 * (nr_funcs 0), which the core registers, enables, counts with, disables,
 * drains and unloads, in the default kernel booted in QEMU.
 */
@Tag("qemu")
class MonitorOnlyQemuTest {
    static final String U = "/sys/kernel/dynamos/count_reads";

    @TempDir
    static Path work;

    @Test
    void aMonitorOnlyUpdateCountsWhileEnabled() throws Exception {
        KernelInstall kernel = TrialFixtures.defaultKernel();
        List<Path> modules = TrialFixtures.build(kernel, kernel.vmlinux(),
                Path.of("src/test/resources/valid/monitor-only.dyn"), work.resolve("out"));
        String reads = "i=0; while [ $i -lt 10 ]; do cat /proc/cmdline > /dev/null; i=$((i + 1)); done\n";
        List<GuestStep> steps = List.of(
                TrialSteps.load(List.of("count_reads")),
                GuestStep.of("registered", "ls " + U + "/functions | wc -l; ls -1 " + U + "/monitors"),
                TrialSteps.setEnabled("enable", List.of("count_reads"), true),
                GuestStep.of("enabled", reads + "cat " + U + "/monitors/cmdline_proc_show/calls"),
                TrialSteps.setEnabled("disable", List.of("count_reads"), false),
                GuestStep.of("disabled", reads + "cat " + U + "/monitors/cmdline_proc_show/calls"),
                TrialSteps.unload(List.of("count_reads")));
        GuestResult r = UpdateTrial.run(kernel, modules, steps,
                QemuRunner.Options.defaults().withTimeout(Duration.ofMinutes(3)), work, line -> { });

        assertEquals(List.of(), r.kernelProblems(), "the kernel reported problems");
        assertEquals("0\ncmdline_proc_show\nvfs_read", TrialFixtures.output(r, "registered").strip(),
                "no functions, two monitors");
        assertTrue(r.step("load").orElseThrow().kernelLog().contains("registered 0 functions and 2 monitors"),
                r.step("load").orElseThrow().kernelLog());
        assertEquals("10", TrialFixtures.output(r, "enabled").strip(), "each read counted once");
        assertEquals("10", TrialFixtures.output(r, "disabled").strip(), "disabled: no more counting");
        TrialFixtures.output(r, "unload");
        assertTrue(r.allAsExpected(), "every step as expected");
    }
}
