package org.dynamos.cli;

import java.util.concurrent.Callable;
import org.dynamos.image.KernelIndex;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.kernel.KernelStore;
import org.dynamos.kernel.KernelStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dynamos kernel …}: the default kernel. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "Manage the default kernel (Debian 12 cloud-amd64) that commands use without --vmlinux/--kdir.",
        subcommands = {KernelCommand.Fetch.class, KernelCommand.Show.class, KernelCommand.VerifySource.class})
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

    /** {@code dynamos kernel verify-source UNIT...}. */
    @Command(name = "verify-source", mixinStandardHelpOptions = true,
            description = "Build units of the kernel's source tree with its own kbuild and flags and check that each"
                    + " function is the image's, byte for byte outside what the link fills in.",
            exitCodeListHeading = "Exit status:%n",
            exitCodeList = {"0:every function built from the source is the image's",
                "1:a function differs (each is named, with where), or a unit does not build",
                "2:usage"})
    static final class VerifySource implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "UNIT", description = "A C file of the tree, as fs/proc/cmdline.c.")
        java.util.List<String> units;

        @Option(names = "--ksrc", paramLabel = "DIR", description = "The source tree (default: the default kernel's,"
                + " fetched on first use).")
        java.nio.file.Path ksrc;

        @Override
        public Integer call() throws UserError {
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            KernelInstall k = KernelStore.defaultStore().installed()
                    .orElseThrow(() -> new UserError("no default kernel yet: run `dynamos kernel fetch`"));
            try {
                java.nio.file.Path tree = ksrc != null ? ksrc.toAbsolutePath()
                        : KernelStore.defaultStore().source(k, System.err);
                int status = ExitCodes.OK;
                org.dynamos.patch.KernelCompiler cc = org.dynamos.patch.KernelCompiler.of(k.kdir());
                if (!cc.same()) {
                    err.println("note: the kernel was built with '" + cc.kernel() + "', units are built here with '"
                            + cc.host() + "': functions may differ for that reason alone");
                }
                java.nio.file.Path work = java.nio.file.Files.createTempDirectory("dynamos-verify-");
                try (org.dynamos.image.ElfKernelImage image = org.dynamos.image.ElfKernelImage.open(k.vmlinux())) {
                    for (String unit : units) {
                        if (!unit.endsWith(".c") || unit.startsWith("/") || unit.contains("..")
                                || !java.nio.file.Files.isRegularFile(tree.resolve(unit))) {
                            throw new UserError(unit + ": not a C file of the tree " + tree
                                    + "\nhelp: name a unit by its path in the tree, as fs/proc/cmdline.c");
                        }
                        long start = System.nanoTime();
                        org.dynamos.patch.UnitBuild.Result built = org.dynamos.patch.UnitBuild.build(k.kdir(), tree,
                                unit, work.resolve(unit.replace('/', '_')));
                        if (!built.ok()) {
                            err.print(built.kbuild().output());
                            err.println("error: " + unit + " does not build with the kernel's kbuild");
                            status = ExitCodes.SCRIPT_ERRORS;
                            continue;
                        }
                        var r = org.dynamos.patch.SourceMatchesImage.compare(unit,
                                org.dynamos.patch.RelocatableObject.functions(built.object()), image);
                        for (var m : r.mismatches()) {
                            err.println("error: " + unit + ": " + m.function() + ": " + m.reason());
                        }
                        out.printf("%s: %d function%s match the image, %d differ (%d references checked, %.1f s)%s%n",
                                unit, r.matching().size(), r.matching().size() == 1 ? "" : "s", r.mismatches().size(),
                                r.references(), (System.nanoTime() - start) / 1e9,
                                r.notInImage().isEmpty() ? "" : "; not in the image (inlined, dropped or overridden): "
                                        + String.join(", ", r.notInImage()));
                        if (!r.matches()) {
                            status = ExitCodes.SCRIPT_ERRORS;
                        }
                    }
                } finally {
                    org.dynamos.patch.UnitBuild.deleteQuietly(work);
                }
                return status;
            } catch (KernelStoreException e) {
                throw new UserError(e.getMessage(), e);
            } catch (java.io.IOException e) {
                throw new UserError("cannot verify the source: " + e.getMessage(), e);
            }
        }
    }
}
