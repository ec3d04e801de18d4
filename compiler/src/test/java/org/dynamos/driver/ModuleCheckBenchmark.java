package org.dynamos.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.dynamos.image.KernelIndex;
import org.dynamos.kernel.KernelStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (prints figures; asserts only correctness): the front half of {@code dynamos check}
 * in one process, as the command runs it (the default kernel's index), of a script of the kernel
 * image's functions and of one naming a loadable module (whose .ko and split BTF are read), cold
 * (the first compilation of the process) and warm.
 */
@Tag("benchmark")
class ModuleCheckBenchmark {

    @Test
    void checkOfAModuleScriptAgainstTheRealKernel() throws IOException {
        var kernel = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(kernel.isPresent(), "default kernel not fetched");
        for (String example : new String[] {"module-binfmt", "cmdline-hello", "module-binfmt"}) {
            Path script = Path.of("../examples/" + example + "/" + example + ".dyn");
            long[] ms = new long[7];
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                Compilation.Result r = Compilation.compile(script, () -> KernelIndex.open(kernel.get().vmlinux()));
                ms[i] = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(r.ok(), () -> r.diagnostics().sorted().toString());
            }
            long[] warm = java.util.Arrays.copyOfRange(ms, 2, ms.length);
            java.util.Arrays.sort(warm);
            System.out.printf("benchmark: check of %s against the index: first %d ms, warm median %d ms%n", example,
                    ms[0], warm[warm.length / 2]);
        }
    }
}
