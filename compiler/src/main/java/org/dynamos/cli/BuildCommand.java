package org.dynamos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dynamos.build.BuildException;
import org.dynamos.build.ModuleBuilder;
import org.dynamos.check.RuntimeSupport;
import org.dynamos.diag.Diagnostics;
import org.dynamos.syntax.Script;
import org.dynamos.driver.Compilation;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.KernelImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dynamos build SCRIPT}: the update module(s) and the runtime core. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Check an update script and build its kernel module(s) plus the runtime core dynamos.ko.")
final class BuildCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCRIPT", description = "The update script (.dyn).")
    Path script;

    @Option(names = {"-o", "--output"}, paramLabel = "OUTDIR", description = "Where the modules go (default: ./out).")
    Path outDir = Path.of("out");

    @Option(names = "--ksrc", paramLabel = "DIR", description = "The kernel's source tree, for C sources that include"
            + " its internal headers (default: the default kernel's, fetched on first use).")
    Path ksrc;

    @Mixin
    KernelOptions kernel;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserError {
        Result r = build(script, outDir, kernel, ksrc, spec.commandLine().getErr());
        if (r.exitCode() == ExitCodes.OK) {
            for (Path ko : r.modules()) {
                spec.commandLine().getOut().println(ko);
            }
        }
        return r.exitCode();
    }

    /** The modules built, core first, or an exit code saying why not. */
    /**
     * @param kernelModules the kernel's own loadable modules the updates reach into (functions
     *                      replaced, symbols bound), for {@code try} to put in the guest
     */
    record Result(int exitCode, List<Path> modules, java.util.SortedSet<String> kernelModules) {
        Result(int exitCode, List<Path> modules) {
            this(exitCode, modules, new java.util.TreeSet<>());
        }
    }

    /** The loadable modules the plans reach into. */
    static java.util.SortedSet<String> kernelModules(List<org.dynamos.plan.UpdatePlan> plans) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        for (var p : plans) {
            p.functions().forEach(f -> f.objname().ifPresent(out::add));
            p.binds().forEach(b -> b.objname().ifPresent(out::add));
        }
        return out;
    }

    /** Shared with {@code try}: compile, then build the modules into {@code outDir}. */
    static Result build(Path script, Path outDir, KernelOptions kernel, Path ksrc, PrintWriter err) throws UserError {
        Compilation.Result compiled = Scripts.compile(script, kernel, err);
        if (!compiled.ok()) {
            return new Result(ExitCodes.SCRIPT_ERRORS, List.of());
        }
        Diagnostics unsupported = new Diagnostics();
        for (var plan : compiled.plans()) {
            new RuntimeSupport().check(new Script(compiled.script().source(), List.of(plan.decl())), unsupported);
        }
        if (unsupported.hasErrors()) {
            Scripts.print(new Compilation.Result(unsupported, compiled.script(), compiled.plans()), err);
            return new Result(ExitCodes.SCRIPT_ERRORS, List.of());
        }
        Path kdir = kernel.kdirPath();
        // the whole image, not the compact index: the load-time guard needs the originals' code
        try (KernelImage image = ElfKernelImage.open(kernel.vmlinuxPath())) {
            ModuleBuilder.Outcome outcome = new ModuleBuilder(image, kdir, System.err,
                    kernel.sourceProvider(ksrc)).build(compiled.plans(), outDir);
            Scripts.print(new Compilation.Result(outcome.diagnostics(), compiled.script(), compiled.plans()), err);
            return outcome.ok() ? new Result(ExitCodes.OK, outcome.modules(), kernelModules(compiled.plans()))
                    : new Result(ExitCodes.SCRIPT_ERRORS, List.of());
        } catch (BuildException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError("build failed: " + e.getMessage(), e);
        }
    }
}
