package org.dynamos.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dynamos.build.Kbuild;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.qemu.GuestResult;
import org.dynamos.qemu.GuestScript;
import org.dynamos.qemu.GuestStep;
import org.dynamos.qemu.Initramfs;
import org.dynamos.qemu.InitramfsBuilder;
import org.dynamos.qemu.QemuRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Predicates built by the real pipeline (src/test/resources/qemu/predicates),
 * in the default kernel booted in QEMU:
 * <ul>
 * <li>{@code arg.optlen} of {@code sock_setsockopt} comes after a
 * {@code sockptr_t} passed by value (two registers): the version runs exactly
 * for the setsockopt calls with that optlen (issue 12, item 1);</li>
 * <li>{@code int_sqrt} called from a hrtimer callback, in hard interrupt
 * context: a knob-only predicate takes its version there, a predicate that
 * holds by a knob whatever the task ({@code current.comm == "nobody" ||
 * knob.force}) too, and one that needs the task ({@code !(current.comm ==
 * "nobody") && knob.pick}) never does (item 8).</li>
 * </ul>
 */
@Tag("qemu")
class PredicateQemuTest {
    static final Path CASE = Path.of("src/test/resources/qemu/predicates");
    static final String IRQ = "/sys/kernel/dynamos/irq_pred";
    static final String PARAMS = "/sys/module/irq_pred/parameters";
    static final int FIRES = 50;

    @TempDir
    static Path work;
    static KernelInstall kernel;
    static List<Path> modules = new ArrayList<>();
    static Path probe;

    @BeforeAll
    static void build() throws Exception {
        kernel = TrialFixtures.defaultKernel();
        modules.addAll(TrialFixtures.build(kernel, kernel.vmlinux(), CASE.resolve("predicates.dyn"), work.resolve("out")));
        Path fixture = work.resolve("irq_caller");
        Files.createDirectories(fixture);
        for (String f : List.of("irq_caller.c", "Kbuild")) {
            Files.copy(CASE.resolve("irq_caller").resolve(f), fixture.resolve(f));
        }
        Kbuild.Result k = Kbuild.modules(kernel.kdir(), fixture.toAbsolutePath(), List.of());
        assertTrue(k.ok(), k.output());
        modules.add(fixture.resolve("irq_caller.ko"));
        probe = work.resolve("setsockopt-probe");
        Process gcc = new ProcessBuilder("gcc", "-static", "-O2", "-o", probe.toString(),
                CASE.resolve("setsockopt-probe.c").toString()).redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(gcc.waitFor() == 0, "no static libc (libc6-dev): " + out);
    }

    static String fire(String name) {
        return name + "_fired=$(insmod /lib/dynamos/irq_caller.ko fires=" + FIRES + " && cat /sys/module/irq_caller/parameters/hardirq"
                + " && cat /sys/module/irq_caller/parameters/wrong && rmmod irq_caller)\n"
                + "echo " + name + " fixture: $" + name + "_fired\n"
                + "echo " + name + " versions: $(cat " + PARAMS + "/task_irq) $(cat " + PARAMS + "/force_irq) $(cat "
                + PARAMS + "/knob_irq)\n";
    }

    @Test
    void argumentsAfterAByValueStructAndKnobsInHardInterruptContextChooseTheVersion() throws Exception {
        String probes = "for n in 4 76 77 78; do echo \"optlen $n: $(setsockopt-probe $n)\"; done\n";
        List<GuestStep> steps = List.of(
                TrialSteps.load(List.of("sockopt_pred", "irq_pred")),
                GuestStep.of("sockopt-before", probes),
                TrialSteps.setEnabled("enable", List.of("sockopt_pred", "irq_pred"), true),
                GuestStep.of("sockopt-enabled", probes
                        + "cat /sys/kernel/dynamos/sockopt_pred/functions/sock_setsockopt/versions\n"),
                GuestStep.of("irq-knobs-off", fire("off")),
                GuestStep.of("irq-force", "echo 1 > " + IRQ + "/knobs/force\n" + fire("force")),
                GuestStep.of("irq-on", "echo 0 > " + IRQ + "/knobs/force; echo 1 > " + IRQ + "/knobs/pick\n" + fire("on")),
                TrialSteps.setEnabled("disable", List.of("sockopt_pred", "irq_pred"), false),
                GuestStep.of("sockopt-after", probes),
                TrialSteps.unload(List.of("sockopt_pred", "irq_pred")));
        InitramfsBuilder builder = InitramfsBuilder.create();
        for (Path ko : modules) {
            builder.module(ko);
        }
        builder.file("bin/setsockopt-probe", probe, 0755);
        Initramfs initramfs = builder.build(GuestScript.of(steps), work.resolve("initramfs.cpio.gz"));
        GuestResult r = QemuRunner.run(kernel, initramfs,
                QemuRunner.Options.defaults().withTimeout(Duration.ofMinutes(4)), line -> { });

        assertEquals(List.of(), r.kernelProblems(), "the kernel reported problems");
        String original = "optlen 4: 0 ok\noptlen 76: 0 ok\noptlen 77: 0 ok\noptlen 78: 0 ok\n";
        assertEquals(original, TrialFixtures.output(r, "sockopt-before"));
        assertEquals("optlen 4: 0 ok\noptlen 76: 0 ok\noptlen 77: -1 EDOM\noptlen 78: 0 ok\n"
                        + "sock_setsockopt_edom 1\noriginal 3\n",
                TrialFixtures.output(r, "sockopt-enabled"), "only optlen 77 (in r9) runs the new version");
        assertEquals(original, TrialFixtures.output(r, "sockopt-after"));

        // fixture: calls from hard interrupt context, none computed wrong; versions: task force knob
        String all = FIRES + "\n0";
        assertEquals("off fixture: " + all.replace('\n', ' ') + "\noff versions: 0 0 0\n",
                TrialFixtures.output(r, "irq-knobs-off"), "knobs off: the original");
        assertEquals("force fixture: " + all.replace('\n', ' ') + "\nforce versions: 0 " + FIRES + " 0\n",
                TrialFixtures.output(r, "irq-force"),
                "current.comm == \"nobody\" || knob.force holds in an interrupt when force is set");
        assertEquals("on fixture: " + all.replace('\n', ' ') + "\non versions: 0 " + FIRES + " " + FIRES + "\n",
                TrialFixtures.output(r, "irq-on"),
                "knob.pick holds in an interrupt; !(current.comm == \"nobody\") && knob.pick does not");
        TrialFixtures.output(r, "unload");
        assertTrue(r.allAsExpected(), "every step as expected");
    }
}
