package org.dynamos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dynamos.build.KernelSourceProvider;
import org.dynamos.image.KernelIndex;
import org.dynamos.image.KernelImage;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.kernel.KernelStore;
import org.dynamos.kernel.KernelStoreException;
import picocli.CommandLine.Option;

/**
 * {@code --vmlinux} and {@code --kdir}: which kernel a command works on.
 * Without them, the default kernel is used, fetched on first use.
 */
public final class KernelOptions {

    @Option(names = "--vmlinux", paramLabel = "PATH",
            description = "The kernel image with symbols (default: the default kernel's).")
    Path vmlinux;

    @Option(names = "--kdir", paramLabel = "DIR",
            description = "The kernel's build directory (headers, Module.symvers; default: the default kernel's).")
    Path kdir;

    private KernelInstall defaultKernel;

    /** The default kernel, fetched on first use (progress on stderr). */
    KernelInstall defaultKernel() throws UserError {
        if (defaultKernel == null) {
            try {
                defaultKernel = KernelStore.defaultStore().require(System.err);
            } catch (KernelStoreException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
        return defaultKernel;
    }

    Path vmlinuxPath() throws UserError {
        Path p = vmlinux != null ? vmlinux : defaultKernel().vmlinux();
        if (!Files.isRegularFile(p)) {
            throw new UserError("kernel image not found: " + p);
        }
        return p;
    }

    Path kdirPath() throws UserError {
        Path p = kdir != null ? kdir : defaultKernel().kdir();
        if (!Files.isRegularFile(p.resolve("Makefile")) || !Files.isRegularFile(p.resolve("Module.symvers"))) {
            throw new UserError("not a kernel build directory (needs Makefile and Module.symvers): " + p);
        }
        return p;
    }

    /** The default kernel if no explicit paths were given (for commands that also need vmlinuz). */
    Optional<KernelInstall> defaultIfImplicit() throws UserError {
        return vmlinux == null && kdir == null ? Optional.of(defaultKernel()) : Optional.empty();
    }

    /**
     * The kernel's source tree for updates including its internal headers: {@code ksrc} if given,
     * else the default kernel's (fetched on first use), else none.
     */
    KernelSourceProvider sourceProvider(Path ksrc) {
        if (ksrc != null) {
            return () -> {
                if (!Files.isRegularFile(ksrc.resolve("Makefile"))) {
                    throw new KernelSourceProvider.Unavailable("--ksrc " + ksrc + " is not a kernel source tree"
                            + " (it has no top Makefile)");
                }
                return ksrc;
            };
        }
        if (vmlinux != null || kdir != null) {
            return () -> {
                throw new KernelSourceProvider.Unavailable("no source tree is known for the kernel given with "
                        + (kdir != null ? "--kdir " + kdir : "--vmlinux " + vmlinux));
            };
        }
        return () -> {
            try {
                return KernelStore.defaultStore().source(defaultKernel(), System.err);
            } catch (KernelStoreException | UserError e) {
                throw new KernelSourceProvider.Unavailable(e.getMessage().lines().findFirst().orElse(""));
            }
        };
    }

    KernelImage openImage() throws IOException {
        try {
            return KernelIndex.open(vmlinuxPath());
        } catch (UserError e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
