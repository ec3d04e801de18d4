package org.dynamos.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index of the real Debian vmlinux, built afresh, answers as the vmlinux does for a sample of
 * functions (every 400th, and the well-known hard cases); skipped when the kernel is absent.
 */
class RealKernelIndexTest {

    @Test
    void theIndexOfTheRealKernelAgreesWithItsVmlinux(@TempDir Path dir) throws IOException {
        Path vmlinux = RealKernel.vmlinux().orElse(null);
        assumeTrue(vmlinux != null, "the real vmlinux is not in the DynAMOS cache");
        Path index = dir.resolve(KernelIndex.FILE_NAME);
        long t0 = System.nanoTime();
        KernelIndex.build(vmlinux, index);
        System.out.printf("index of %s: %d bytes in %.1f s%n", vmlinux.getFileName(), Files.size(index),
                (System.nanoTime() - t0) / 1e9);
        assertTrue(Files.size(index) < 40L << 20, "compact: " + Files.size(index));
        try (ElfKernelImage real = ElfKernelImage.open(vmlinux); ElfKernelImage indexed = ElfKernelImage.open(index)) {
            assertTrue(indexed.isIndex());
            assertTrue(indexed.indexes(vmlinux));
            assertEquals(real.release(), indexed.release());
            assertEquals(real.buildId(), indexed.buildId());
            assertEquals(real.symbols().size(), indexed.symbols().size());
            assertEquals(real.fentrySites().count(), indexed.fentrySites().count());
            assertEquals(real.kprobeBlacklist().count(), indexed.kprobeBlacklist().count());
            List<KernelSymbol> sample = new ArrayList<>();
            int n = 0;
            for (KernelSymbol s : real.symbols()) {
                if (s.isFunction() && n++ % 400 == 0) {
                    sample.add(s);
                }
            }
            for (String name : List.of("kswapd", "may_open", "do_exit", "oops_begin", "rcu_gp_kthread",
                    "cmdline_proc_show", "__x64_sys_getppid", "jhash")) {
                sample.addAll(real.symbols(name));
            }
            for (KernelSymbol s : sample) {
                assertEquals(KernelIndexTest.answers(real, s), KernelIndexTest.answers(indexed, s));
            }
            KernelSymbol kswapd = indexed.symbols("kswapd").get(0);
            assertEquals("kswapd_run", indexed.threadCreators(kswapd).get(0).name());
            assertEquals("mm/vmscan.c", indexed.compileUnit(kswapd).orElseThrow());
        }
    }
}
