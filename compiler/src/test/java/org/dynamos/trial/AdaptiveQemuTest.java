package org.dynamos.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
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
 * examples/adaptive-cmdline, built by the real pipeline (predicate compiled
 * to C, knob table, version table), in the default kernel booted in QEMU
 * with 2 CPUs and KASLR: per call, only readers named {@code cat} get the new
 * version, also while {@code head} reads the same file on the other CPU; the
 * version counters agree with what the readers saw; a knob write and an
 * override take effect at the next call, and back.
 */
@Tag("qemu")
class AdaptiveQemuTest {
    static final String MARK = "[dynamos: adaptive_cmdline, for cat]";
    static final String U = "/sys/kernel/dynamos/adaptive_cmdline";
    static final String F = U + "/functions/cmdline_proc_show";
    static final int READS = 200;

    @TempDir
    static Path work;
    static KernelInstall kernel;
    static List<Path> modules;

    @BeforeAll
    static void build() throws Exception {
        kernel = TrialFixtures.defaultKernel();
        modules = TrialFixtures.build(kernel, kernel.vmlinux(),
                TrialFixtures.EXAMPLES.resolve("adaptive-cmdline/adaptive-cmdline.dyn"), work.resolve("out"));
    }

    static String output(GuestResult r, String step) {
        return TrialFixtures.output(r, step);
    }

    static String count(String version) {
        return "$(grep '^" + version + " ' " + F + "/versions | cut -d' ' -f2)";
    }

    @Test
    void onlyCatGetsTheNewVersionAndTheControlsActAtTheNextCall() throws Exception {
        String loop = "i=0; while [ $i -lt " + READS + " ]; do %s /proc/cmdline; i=$((i + 1)); done > %s";
        List<GuestStep> steps = List.of(
                TrialSteps.load(List.of("adaptive_cmdline")),
                GuestStep.of("tables", "cat " + F + "/versions " + F + "/override " + U + "/knobs/marked"),
                TrialSteps.setEnabled("enable", List.of("adaptive_cmdline"), true),
                GuestStep.of("concurrent", "c0=" + count("cmdline_proc_show_cat") + "; o0=" + count("original") + "\n"
                        + "(" + String.format(loop, "cat", "/tmp/cat.out") + ") &\n"
                        + "(" + String.format(loop, "head -n1", "/tmp/head.out") + ") &\n"
                        + "wait\n"
                        + "c1=" + count("cmdline_proc_show_cat") + "; o1=" + count("original") + "\n"
                        + "echo cat $(grep -cF '" + MARK + "' /tmp/cat.out) $(wc -l < /tmp/cat.out)\n"
                        + "echo head $(grep -cF '" + MARK + "' /tmp/head.out) $(wc -l < /tmp/head.out)\n"
                        + "echo counted $((c1 - c0)) $((o1 - o0))\n"),
                GuestStep.of("knob", "echo 0 > " + U + "/knobs/marked; cat /proc/cmdline\n"
                        + "echo 1 > " + U + "/knobs/marked; cat /proc/cmdline\n"),
                GuestStep.failing("knob-out-of-range", "echo 2 > " + U + "/knobs/marked"),
                GuestStep.of("override", "echo cmdline_proc_show_cat > " + F + "/override; head -n1 /proc/cmdline\n"
                        + "cat " + F + "/override\n"
                        + "echo original > " + F + "/override; cat /proc/cmdline\n"
                        + "echo auto > " + F + "/override; head -n1 /proc/cmdline; cat /proc/cmdline\n"),
                TrialSteps.setEnabled("disable", List.of("adaptive_cmdline"), false),
                GuestStep.of("after", "cat /proc/cmdline"),
                TrialSteps.unload(List.of("adaptive_cmdline")));
        GuestResult r = UpdateTrial.run(kernel, modules, steps,
                QemuRunner.Options.defaults().withTimeout(Duration.ofMinutes(4)), work, line -> { });

        assertEquals(List.of(), r.kernelProblems(), "the kernel reported problems");
        assertEquals("cmdline_proc_show_cat 0\noriginal 0\nauto\n1\n", output(r, "tables"));

        List<String> concurrent = output(r, "concurrent").strip().lines().toList();
        assertEquals("cat " + READS + " " + READS, concurrent.get(0), "every cat read ran the new version");
        assertEquals("head 0 " + READS, concurrent.get(1), "no head read did");
        assertEquals("counted " + READS + " " + READS, concurrent.get(2), "the counters agree with the readers");

        List<String> knob = output(r, "knob").strip().lines().toList();
        assertFalse(knob.get(0).contains(MARK), "knob off: cat runs the original at the next call: " + knob);
        assertTrue(knob.get(1).endsWith(MARK), "knob on: back: " + knob);
        assertTrue(r.step("knob-out-of-range").orElseThrow().asExpected(), "a bool knob refuses 2");

        List<String> override = output(r, "override").strip().lines().toList();
        assertTrue(override.get(0).endsWith(MARK), "override: head runs the new version: " + override);
        assertEquals("cmdline_proc_show_cat", override.get(1));
        assertFalse(override.get(2).contains(MARK), "override original: cat runs the original: " + override);
        assertFalse(override.get(3).contains(MARK), "auto: head the original again: " + override);
        assertTrue(override.get(4).endsWith(MARK), "auto: cat the new version again: " + override);

        assertFalse(output(r, "after").contains(MARK), "disabled: the original for everyone");
        output(r, "unload");
        assertTrue(r.allAsExpected(), "every step as expected");
    }
}
