package org.dynamos.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.kernel.KernelStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boots the default kernel under QEMU (a few seconds); skipped when no kernel is installed. */
@Tag("qemu")
class QemuBootTest {

    @Test
    void twoStepsOneFailingInTheRealKernel(@TempDir Path dir) throws Exception {
        Optional<KernelInstall> kernel = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(kernel.isPresent(), "no default kernel installed (run `dynamos kernel fetch`)");
        Assumptions.assumeTrue(HostTools.which("qemu-system-x86_64").isPresent(), "qemu-system-x86_64 not installed");

        GuestScript script = GuestScript.of(List.of(
                GuestStep.of("greet", "echo hello from $(uname -r); echo to-the-kernel-log > /dev/kmsg; cat /proc/cmdline"),
                GuestStep.failing("fail", "echo about to fail >&2; exit 3")));
        Initramfs img = InitramfsBuilder.create().build(script, dir.resolve("guest.cpio.gz"));
        GuestResult r = QemuRunner.run(kernel.get(), img, QemuRunner.Options.defaults());

        assertFalse(r.timedOut(), r.console());
        assertTrue(r.completed(), r.console());
        StepResult greet = r.step("greet").orElseThrow();
        assertEquals(0, greet.status());
        assertEquals("hello from " + kernel.get().release() + "\n" + QemuRunner.APPEND + "\n", greet.output(),
                "no kernel message interleaves with step output; KASLR is not disabled");
        assertTrue(greet.kernelLog().contains("] to-the-kernel-log\n"), greet.kernelLog());
        StepResult fail = r.step("fail").orElseThrow();
        assertEquals(3, fail.status());
        assertEquals("about to fail\n", fail.output());
        assertTrue(fail.asExpected());
        assertEquals(List.of(), r.kernelProblems());
        assertTrue(r.kernelLog().contains("Linux version " + kernel.get().release()));
    }
}
