package org.dynamos.cli;

import java.util.concurrent.Callable;
import org.dynamos.image.KernelIndex;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.kernel.KernelStore;
import org.dynamos.kernel.KernelStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dynamos kernel …}: the default kernel. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "Manage the default kernel (Debian 12 cloud-amd64) that commands use without --vmlinux/--kdir.",
        subcommands = {KernelCommand.Fetch.class, KernelCommand.Show.class})
final class KernelCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code dynamos kernel fetch}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download and cache the default kernel: image, headers, kbuild and the debug vmlinux.")
    static final class Fetch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--source", description = "Also fetch the kernel's own source tree (Debian's linux-source"
                + " package of the same version; builds fetch it on first use of an internal header).")
        boolean source;

        @Override
        public Integer call() throws UserError {
            try {
                KernelInstall k = KernelStore.defaultStore().fetch(System.err);
                if (source) {
                    KernelStore.defaultStore().source(k, System.err);
                }
                Show.print(k, spec);
                return ExitCodes.OK;
            } catch (KernelStoreException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
    }

    /** {@code dynamos kernel show}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print where the default kernel's files are (nothing is fetched).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws UserError {
            KernelInstall k = KernelStore.defaultStore().installed()
                    .orElseThrow(() -> new UserError("no default kernel yet: run `dynamos kernel fetch`"));
            print(k, spec);
            return ExitCodes.OK;
        }

        static void print(KernelInstall k, CommandSpec spec) {
            var out = spec.commandLine().getOut();
            out.println("release  " + k.release());
            out.println("vmlinux  " + k.vmlinux());
            out.println("vmlinuz  " + k.vmlinuz());
            out.println("kdir     " + k.kdir());
            out.println("source   " + KernelStore.sourceOf(k).map(Object::toString)
                    .orElse("(not fetched: `dynamos kernel fetch --source`, or a build that needs it, fetches it)"));
            out.println("index    " + k.index() + (KernelIndex.isCurrent(k.index(), k.vmlinux()) ? ""
                    : " (missing or stale: `dynamos kernel fetch` builds it)"));
        }
    }
}
