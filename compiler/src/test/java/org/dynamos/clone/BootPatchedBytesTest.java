package org.dynamos.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.kernel.KernelStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Which bytes of a real kernel function the load-time guard compares. */
class BootPatchedBytesTest {

    @Test
    void cmdlineProcShowKeepsAllButItsFentryAndReturnSites() throws Exception {
        var kernel = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(kernel.isPresent(), "the default kernel is not fetched");
        try (ElfKernelImage image = ElfKernelImage.open(kernel.get().vmlinux())) {
            KernelSymbol f = image.symbols("cmdline_proc_show").get(0);
            BootPatchedBytes.Expected e = BootPatchedBytes.of(CloneContext.of(image), f.address(), f.size(), 0, 1024);
            assertEquals(f.size(), e.bytes().length);
            assertEquals((byte) 0xe8, e.bytes()[0], "the image holds call __fentry__");
            for (int i = 0; i < 5; i++) {
                assertFalse(e.mask()[i], "fentry byte " + i + " is rewritten at boot");
            }
            int last = e.bytes().length - 5;
            assertEquals((byte) 0xe9, e.bytes()[last], "ends in jmp __x86_return_thunk");
            for (int i = last; i < last + 5; i++) {
                assertFalse(e.mask()[i], "return-site byte " + i + " is rewritten at boot");
            }
            assertTrue(e.mask()[5] && e.mask()[6], "the code after the fentry site is compared");
            assertEquals(f.size() - 10, e.compared(), "only the fentry and return sites are masked");
        }
    }
}
