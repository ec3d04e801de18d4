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
 * The kernel's own modules a trial needs reach the guest as the kernel package installs them:
 * {@code modprobe xfs} in the default kernel's guest loads xfs and the module it depends on
 * (libcrc32c), which the .ko files of the package name in their .modinfo; nothing is loaded
 * before the guest's commands ask.
 */
@Tag("qemu")
class GuestKernelModulesQemuTest {

    @TempDir
    static Path work;

    @Test
    void modprobeLoadsAModuleAndWhatItDependsOn() throws Exception {
        KernelInstall kernel = TrialFixtures.defaultKernel();
        List<GuestKernelModules.ModuleFile> closure = GuestKernelModules.closure(
                kernel.root().resolve("lib/modules").resolve(kernel.release()), List.of("xfs", "binfmt-misc"));
        assertEquals(List.of("libcrc32c", "xfs", "binfmt_misc"),
                closure.stream().map(GuestKernelModules.ModuleFile::name).toList(), "dependencies first");
        List<GuestStep> steps = List.of(
                GuestStep.of("before", "cut -d' ' -f1 /proc/modules | sort | tr '\\n' ' '; echo"),
                GuestStep.of("modprobe", "modprobe xfs && modprobe binfmt_misc && "
                        + "cut -d' ' -f1 /proc/modules | sort | tr '\\n' ' '; echo; test -e /proc/fs/xfs/stat && echo stat"));
        GuestResult r = UpdateTrial.run(kernel, List.of(), List.of("xfs", "binfmt_misc"), steps,
                QemuRunner.Options.defaults().withTimeout(Duration.ofMinutes(3)), work, line -> { });

        assertEquals(List.of(), r.kernelProblems(), "the kernel reported problems");
        assertEquals("", TrialFixtures.output(r, "before").strip(), "nothing loaded before the commands ask");
        assertEquals("binfmt_misc libcrc32c xfs \nstat", TrialFixtures.output(r, "modprobe").strip(),
                "xfs and libcrc32c loaded by modprobe, xfs's /proc file there");
        assertTrue(r.allAsExpected(), "every step as expected");
    }
}
