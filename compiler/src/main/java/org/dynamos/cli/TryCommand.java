package org.dynamos.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Give up on the guest after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = {"-o", "--output"}, paramLabel = "OUTDIR",
            description = "Keep the built modules here (default: a temporary directory).")
    Path outDir;

    @Mixin
    KernelOptions kernel;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserError {
        throw new UserError("try is not available yet");
    }
}
