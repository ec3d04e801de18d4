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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/quiescent-fifo, built by the real pipeline, in the default kernel
 * booted in QEMU (2 CPUs, KASLR on): a reader sleeping in pipe_read makes the
 * enable fail after the timeout with the task named and nothing switched;
 * once it has left, the same enable succeeds; a reader sleeping in the new
 * version makes the revert fail the same way, leaving the update enabled,
 * until it leaves too. The kernel logs no warning, BUG or oops.
 */
@Tag("qemu")
class SafepointQemuTest {
    static final String U = "/sys/kernel/dynamos/quiescent_fifo";
    static final String VERSIONS = U + "/functions/pipe_read/versions";

    @TempDir
    static Path work;
    static KernelInstall kernel;
    static List<Path> modules;

    @BeforeAll
    static void build() throws Exception {
        kernel = TrialFixtures.defaultKernel();
        modules = TrialFixtures.build(kernel, kernel.vmlinux(),
                TrialFixtures.EXAMPLES.resolve("quiescent-fifo/quiescent-fifo.dyn"), work.resolve("out"));
    }

    /** Starts a reader blocked in pipe_read on an empty FIFO whose writer holds it open. */
    static final String BLOCK_A_READER = "rm -f /tmp/f; mkfifo /tmp/f\n"
            + "sleep 1000 > /tmp/f < /dev/null & holder=$!\n"
            + "cat /tmp/f > /tmp/out < /dev/null & reader=$!\n"
            + "n=0; until grep -q '^pipe_read' /proc/$reader/wchan 2>/dev/null || [ $n -gt 100 ]; do"
            + " sleep 0.1; n=$((n + 1)); done\n"
            + "echo \"reader $reader sleeps in $(cat /proc/$reader/wchan)\"\n";
    static final String RELEASE = "kill $holder; wait $reader; echo released\n";

    /** Writes VALUE to enabled, prints its status and the kernel's log lines about the safe point. */
    static String write(String value) {
        return "dmesg -c > /dev/null\n"
                + "if (echo " + value + " > " + U + "/enabled) 2> /tmp/err; then echo write ok; "
                + "else echo \"write failed: $(cat /tmp/err)\"; fi\n"
                + "echo \"enabled=$(cat " + U + "/enabled) transition=$(cat " + U + "/transition)\"\n"
                + "dmesg | grep -o 'quiescent_fifo: .*'\n";
    }

    @Test
    void aSleepingReaderHoldsTheSwitchBothWays() throws Exception {
        List<GuestStep> steps = List.of(
                TrialSteps.load(List.of("quiescent_fifo")),
                TrialSteps.whenLoaded("enable-held", BLOCK_A_READER + write("1")
                        + "echo hello | cat; cat " + VERSIONS + "\n" + RELEASE + write("1")
                        + "echo hello | cat; cat " + VERSIONS + "\n"),
                TrialSteps.whenLoaded("revert-held", BLOCK_A_READER + write("0")
                        + "rmmod quiescent_fifo 2>/dev/null && echo rmmod ok || echo rmmod refused\n"
                        + RELEASE + write("0") + "cat " + U + "/safepoint\n"),
                TrialSteps.unload(List.of("quiescent_fifo")));
        GuestResult r = UpdateTrial.run(kernel, modules, steps,
                QemuRunner.Options.defaults().withTimeout(Duration.ofMinutes(4)), work, line -> { });

        assertEquals(List.of(), r.kernelProblems(), "the kernel reported problems");
        String enable = TrialFixtures.output(r, "enable-held");
        String[] halves = enable.split("released\n", 2);
        assertEquals(2, halves.length, enable);
        String held = halves[0];
        String after = halves[1];
        assertTrue(held.contains("sleeps in pipe_read"), held);
        assertTrue(held.contains("write failed: ") && held.contains("timed out"), "the enable fails: " + held);
        assertTrue(held.contains("enabled=0 transition=0"), "nothing switched: " + held);
        assertTrue(held.matches("(?s).*enable: task \\d+ \\(cat\\) is executing pipe_read\\+0x.*"),
                "the blocking task is named: " + held);
        assertTrue(held.contains("safe point not reached after 4 attempts"), held);
        assertTrue(held.contains("hello\npipe_read_counted 0"), "pipes still run the original: " + held);
        assertTrue(after.contains("write ok") && after.contains("enabled=1 transition=0"), after);
        assertTrue(after.contains("enable: safe point reached after 1 attempt"), after);
        assertTrue(after.matches("(?s).*hello\npipe_read_counted [1-9].*"), "pipes run the new version: " + after);

        String revert = TrialFixtures.output(r, "revert-held");
        String[] parts = revert.split("released\n", 2);
        assertEquals(2, parts.length, revert);
        assertTrue(parts[0].contains("write failed: ") && parts[0].contains("enabled=1 transition=0"),
                "the revert fails and the update stays enabled: " + parts[0]);
        assertTrue(parts[0].matches("(?s).*revert: task \\d+ \\(cat\\) is executing pipe_read_counted\\+0x.*"),
                "the task in the new version is named: " + parts[0]);
        assertTrue(parts[0].contains("rmmod refused"), parts[0]);
        assertTrue(parts[1].contains("write ok") && parts[1].contains("revert: safe point reached"), parts[1]);
        assertTrue(parts[1].contains("revert: reached after 1 attempt"), "the safepoint file: " + parts[1]);
        TrialFixtures.output(r, "unload");
        assertTrue(r.allAsExpected(), "every step as expected");
    }
}
