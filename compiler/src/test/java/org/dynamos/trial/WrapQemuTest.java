package org.dynamos.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.qemu.GuestResult;
import org.dynamos.qemu.GuestStep;
import org.dynamos.qemu.QemuRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/wrap-cmdline, built by the real pipeline, in the default kernel
 * booted in QEMU (2 CPUs, KASLR on): the wrapper's check runs in front of
 * every read and then the kernel's own cmdline_proc_show, called as
 * orig_cmdline_proc_show past its fentry site, prints the command line —
 * hundreds of times on both CPUs, with no recursion; a reader in another PID
 * namespace gets only the check's line. Stacked on cmdline-hello,
 * orig_cmdline_proc_show is still the kernel's own function, not the update
 * below.
 */
@Tag("qemu")
class WrapQemuTest {
    static final String CHECKED = "[dynamos: wrap_cmdline checked this read]";
    static final String HIDDEN = "[dynamos: hidden from this PID namespace]";
    static final String HELLO = "[dynamos: cmdline_hello]";
    static final int READS = 200;

    @TempDir
    static Path work;
    static KernelInstall kernel;
    static List<Path> modules = new ArrayList<>();

    @BeforeAll
    static void build() throws Exception {
        kernel = TrialFixtures.defaultKernel();
        modules.addAll(TrialFixtures.build(kernel, kernel.vmlinux(),
                TrialFixtures.EXAMPLES.resolve("wrap-cmdline/wrap-cmdline.dyn"), work.resolve("wrap")));
        modules.add(TrialFixtures.build(kernel, kernel.vmlinux(),
                TrialFixtures.EXAMPLES.resolve("cmdline-hello/cmdline-hello.dyn"), work.resolve("hello")).get(1));
    }

    static String output(GuestResult r, String step) {
        return TrialFixtures.output(r, step);
    }

    @Test
    void theWrapperChecksThenRunsTheKernelsOwnFunction() throws Exception {
        String loop = "i=0; while [ $i -lt " + READS + " ]; do cat /proc/cmdline; i=$((i + 1)); done > %s";
        List<GuestStep> steps = List.of(
                TrialSteps.load(List.of("wrap_cmdline", "cmdline_hello")),
                GuestStep.of("before", "cat /proc/cmdline"),
                TrialSteps.setEnabled("enable", List.of("wrap_cmdline"), true),
                GuestStep.of("enabled", "cat /proc/cmdline; unshare -p -f cat /proc/cmdline"),
                GuestStep.of("concurrent", "(" + String.format(loop, "/tmp/a") + ") & ("
                        + String.format(loop, "/tmp/b") + ") & wait\n"
                        + "echo $(grep -cF '" + CHECKED + "' /tmp/a /tmp/b | cut -d: -f2) $(cat /tmp/a /tmp/b | wc -l)\n"
                        + "cat /sys/kernel/dynamos/wrap_cmdline/functions/cmdline_proc_show/calls"),
                TrialSteps.setEnabled("disable", List.of("wrap_cmdline"), false),
                TrialSteps.setEnabled("stack", List.of("cmdline_hello", "wrap_cmdline"), true),
                GuestStep.of("stacked", "cat /proc/cmdline"),
                TrialSteps.setEnabled("unstack", List.of("wrap_cmdline", "cmdline_hello"), false),
                GuestStep.of("after", "cat /proc/cmdline"),
                TrialSteps.unload(List.of("wrap_cmdline", "cmdline_hello")));
        GuestResult r = UpdateTrial.run(kernel, modules, steps,
                QemuRunner.Options.defaults().withTimeout(Duration.ofMinutes(4)), work, line -> { });

        assertEquals(List.of(), r.kernelProblems(), "the kernel reported problems");
        String cmdline = output(r, "before").strip();
        assertTrue(cmdline.contains("console=ttyS0"), cmdline);

        assertEquals(CHECKED + "\n" + cmdline + "\n" + HIDDEN, output(r, "enabled").strip(),
                "the check, then the original's output; only the check in another PID namespace");

        List<String> concurrent = output(r, "concurrent").strip().lines().toList();
        assertEquals(READS + " " + READS + " " + (4 * READS), concurrent.get(0),
                "every read on both CPUs ran the check and the original");
        assertTrue(Long.parseLong(concurrent.get(1).strip()) >= 2 * READS, "the wrapper ran each time: " + concurrent);

        assertEquals(CHECKED + "\n" + cmdline, output(r, "stacked").strip(),
                "orig_ is the kernel's own function, not the update stacked below");
        assertFalse(output(r, "stacked").contains(HELLO));

        assertEquals(cmdline, output(r, "after").strip(), "disabled: the original alone");
        output(r, "unload");
        assertTrue(r.allAsExpected(), "every step as expected");
    }
}
