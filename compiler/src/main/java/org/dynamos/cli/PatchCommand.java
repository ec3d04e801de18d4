package org.dynamos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.kernel.KernelStore;
import org.dynamos.kernel.KernelStoreException;
import org.dynamos.patch.FunctionChanges;
import org.dynamos.patch.PatchDerivation;
import org.dynamos.patch.PatchFile;
import org.dynamos.patch.UnitBuild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dynamos patch FILE}: what a kernel patch changes in the default kernel, function by function. */
@Command(name = "patch", mixinStandardHelpOptions = true,
        description = "Apply a kernel patch to a private copy of the default kernel's source tree, build each unit it"
                + " touches before and after with the kernel's own kbuild, and list the functions it changes"
                + " (changed, new, removed): what an update made from the patch replaces.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:the patch applies and its units build", "1:it does not apply, touches no unit,"
                + " or a unit does not build (located diagnostic)", "2:usage"})
final class PatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A unified diff (git format-patch, diff -u), paths as for patch -p1.")
    Path file;

    @Option(names = "--ksrc", paramLabel = "DIR", description = "The source tree (default: the default kernel's,"
            + " fetched on first use).")
    Path ksrc;

    @Override
    public Integer call() throws UserError {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError("cannot read " + file + ": no such file", e);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
        KernelInstall k = KernelStore.defaultStore().installed()
                .orElseThrow(() -> new UserError("no default kernel yet: run `dynamos kernel fetch`"));
        Path work = null;
        try {
            PatchFile patch = PatchFile.parse(text);
            Path tree = ksrc != null ? ksrc.toAbsolutePath() : KernelStore.defaultStore().source(k, System.err);
            work = Files.createTempDirectory("dynamos-patch-");
            // The store's tree never changes: its units' objects are kept beside it for the next patch.
            Path objects = ksrc != null ? null : k.root().getParent().resolve("units");
            List<PatchDerivation.UnitChanges> units = PatchDerivation.derive(patch, k.kdir(), tree,
                    org.dynamos.patch.ImageUnits.whenAsked(k.vmlinux()), objects, work);
            int total = 0;
            int refused = 0;
            for (PatchDerivation.UnitChanges u : units) {
                out.printf("%s (%.1f s)%n", u.unit(), u.seconds());
                if (u.changes().isEmpty()) {
                    out.println("  no function changes");
                }
                for (FunctionChanges.Change c : u.changes()) {
                    if (c.kind() == FunctionChanges.Kind.REFUSED) {
                        int line = patch.lineMentioning(u.unit(), c.function());
                        err.println(file + (line > 0 ? ":" + line : "") + ": error: " + u.unit() + ": "
                                + c.function() + ": cannot be updated live: " + c.detail());
                        refused++;
                        continue;
                    }
                    out.printf("  %-8s %s: %s%n", c.kind().name().toLowerCase(), c.function(), c.detail());
                    total++;
                }
            }
            out.printf("%d function%s changed by %s in %d unit%s%s%n", total, total == 1 ? "" : "s", file,
                    units.size(), units.size() == 1 ? "" : "s", refused == 0 ? "" : "; " + refused + " change"
                            + (refused == 1 ? "" : "s") + " refused");
            return refused == 0 ? ExitCodes.OK : ExitCodes.SCRIPT_ERRORS;
        } catch (PatchFile.PatchException e) {
            err.println(file + (e.line() > 0 ? ":" + e.line() : "") + ": error: " + e.getMessage());
            return ExitCodes.SCRIPT_ERRORS;
        } catch (PatchDerivation.BuildFailure e) {
            err.print(e.output());
            err.println(file + ": error: " + e.getMessage());
            return ExitCodes.SCRIPT_ERRORS;
        } catch (KernelStoreException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UserError("cannot derive the patch's changes: " + e.getMessage(), e);
        } finally {
            if (work != null) {
                UnitBuild.deleteQuietly(work);
            }
        }
    }
}
