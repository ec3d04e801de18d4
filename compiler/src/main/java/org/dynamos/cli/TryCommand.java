package org.dynamos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.qemu.GuestResult;
import org.dynamos.qemu.QemuException;
import org.dynamos.qemu.QemuRunner;
import org.dynamos.trial.TrialReport;
import org.dynamos.trial.TrialSteps;
import org.dynamos.trial.UpdateTrial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dynamos try SCRIPT --run CMDS}: build, boot the default kernel in
 * QEMU, and run CMDS before enabling, after enabling and after disabling.
 */
@Command(name = "try", mixinStandardHelpOptions = true,
        description = {"Build an update and try it in the default kernel booted in QEMU:",
            "load it, run CMDS before enabling, after enabling and after disabling, then unload.",
            "Exits with the guest commands' status; a kernel warning, BUG or oops fails the run."})
final class TryCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCRIPT", description = "The update script (.dyn).")
    Path script;

    @Option(names = "--run", paramLabel = "CMDS", defaultValue = "true",
            description = "Shell commands to run in the guest at each stage (default: ${DEFAULT-VALUE}).")
    String run;

    @Option(names = "--smp", paramLabel = "N", defaultValue = "2", description = "Guest CPUs (default: ${DEFAULT-VALUE}).")
    int smp;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "Give up on the guest after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = {"-o", "--output"}, paramLabel = "OUTDIR",
            description = "Keep the built modules here (default: a temporary directory).")
    Path outDir;

    @Option(names = "--console", description = "Also show the guest's console as it boots.")
    boolean console;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserError {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KernelOptions kernel = new KernelOptions(); // try always boots the default kernel
        KernelInstall install = kernel.defaultKernel();
        if (smp < 1 || timeoutSeconds < 1) {
            throw new UserError("--smp and --timeout must be positive");
        }
        try {
            Path out_ = outDir != null ? outDir : Files.createTempDirectory("dynamos-try-");
            BuildCommand.Result built = BuildCommand.build(script, out_, kernel, err);
            if (built.exitCode() != ExitCodes.OK) {
                return built.exitCode();
            }
            List<String> updates = UpdateTrial.updateNames(built.modules());
            err.printf("try: booting %s in QEMU (%d CPU%s, KASLR on)%n", install.release(), smp, smp == 1 ? "" : "s");
            err.flush();
            QemuRunner.Options options = new QemuRunner.Options(smp, 512, false, Duration.ofSeconds(timeoutSeconds));
            GuestResult result = UpdateTrial.run(install, built.modules(), TrialSteps.standard(updates, run),
                    options, out_, line -> {
                        if (console) {
                            err.println("| " + line);
                            err.flush();
                        }
                    });
            int status = TrialReport.print(result, TrialSteps.COMMAND_STEPS, out, err);
            if (status == 0) {
                err.printf("try: %s enabled and reverted in %s (%.1f s)%n", String.join(", ", updates),
                        install.release(), result.elapsed().toMillis() / 1000.0);
            }
            return status;
        } catch (QemuException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError("try failed: " + e.getMessage(), e);
        }
    }
}
