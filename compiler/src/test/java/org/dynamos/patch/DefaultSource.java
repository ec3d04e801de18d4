package org.dynamos.patch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.kernel.KernelStore;

/** The default kernel and its source tree for the tests of this package (the tree is fetched once per kernel). */
record DefaultSource(KernelInstall kernel, Path tree) {

    /**
     * Skips the test when the default kernel is not fetched, or when this machine's compiler is
     * not the one the kernel was built with (the tests compare exact code); fetches the tree on
     * first use.
     */
    static DefaultSource get() throws Exception {
        Optional<KernelInstall> k = KernelStore.defaultStore().installed();
        assumeTrue(k.isPresent(), "the default kernel is not fetched (scripts/setup.sh)");
        KernelCompiler cc = KernelCompiler.of(k.get().kdir());
        assumeTrue(cc.same(), "the kernel was built with " + cc.kernel() + ", this machine has " + cc.host());
        return new DefaultSource(k.get(), KernelStore.defaultStore().source(k.get(), System.err));
    }
}
