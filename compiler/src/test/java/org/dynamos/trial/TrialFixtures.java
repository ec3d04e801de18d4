package org.dynamos.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.dynamos.build.BuildException;
import org.dynamos.build.ModuleBuilder;
import org.dynamos.driver.Compilation;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.KernelImage;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.kernel.KernelStore;
import org.dynamos.qemu.GuestResult;
import org.dynamos.qemu.StepResult;
import org.junit.jupiter.api.Assumptions;

/** What the QEMU tests share: the default kernel, modules built by the real pipeline, step output. */
final class TrialFixtures {
    static final Path EXAMPLES = Path.of("../examples");

    private TrialFixtures() {
    }

    /** The default kernel; the calling test is skipped when it is not fetched. */
    static KernelInstall defaultKernel() {
        var installed = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(installed.isPresent(), "the default kernel is not fetched (scripts/setup.sh)");
        return installed.get();
    }

    /** Checks and builds {@code script} against {@code vmlinux}: the runtime core first, then the update modules. */
    static List<Path> build(KernelInstall kernel, Path vmlinux, Path script, Path out)
            throws IOException, BuildException {
        Compilation.Result c = Compilation.compile(script, () -> ElfKernelImage.open(vmlinux));
        assertTrue(c.ok(), () -> c.diagnostics().sorted().toString());
        try (KernelImage image = ElfKernelImage.open(vmlinux)) {
            ModuleBuilder.Outcome o = new ModuleBuilder(image, kernel.kdir(), new PrintStream(new ByteArrayOutputStream()))
                    .build(c.plans(), out);
            assertTrue(o.ok(), () -> o.diagnostics().sorted().toString());
            return o.modules();
        }
    }

    /** The output of a step that must have succeeded. */
    static String output(GuestResult r, String step) {
        StepResult s = r.step(step).orElseThrow();
        assertEquals(0, s.status(), () -> step + " failed: " + s.output() + "\n" + s.kernelLog());
        return s.output();
    }
}
