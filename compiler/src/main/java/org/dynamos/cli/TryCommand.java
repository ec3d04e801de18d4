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
 * QEMU, and run CMDS before enabling, after enabling and after disabling;
 * {@code --setup} starts commands in the background first (a blocked reader,
 * a load), {@code --expect-enable-failure} shows a safe point that is not
 * reached, {@code --shell} gives an interactive guest with the modules loaded.
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

    @Option(names = "--setup", paramLabel = "CMDS",
            description = {"Shell commands started in the background once the modules are loaded, before the first",
                "--run: a reader to block, a load to generate. Stopped before unloading; their output is shown."})
    String setup;

    @Option(names = "--expect-enable-failure",
            description = {"Enabling must fail (a safe point that cannot be reached) and leave the update disabled;",
                "the run fails if it succeeds. The commands after it see what ran before."})
    boolean expectEnableFailure;

    @Option(names = "--icount",
            description = {"Instruction-counted time (QEMU -icount shift=0,sleep=off, one vCPU): a nanosecond of",
                "guest time is one instruction, the same on a busy machine as on an idle one (docs/runtime.md)."})
    boolean icount;

    @Option(names = "--shell",
            description = {"Boot with the modules loaded (not enabled), start --setup if given, and give this terminal",
                "an interactive shell in the guest. `exit` powers it off; Ctrl-A x stops QEMU."})
    boolean shell;

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
        if (icount && smp != 1) {
            // QEMU's icount runs vCPUs one at a time: 2 vCPUs under it did not even boot in 600 s.
            if (spec.commandLine().getParseResult().hasMatchedOption("--smp")) {
                throw new UserError("--icount runs one vCPU (instruction counting serialises them): leave out --smp "
                        + smp + " or use --smp 1");
            }
            smp = 1;
        }
        if (shell && (expectEnableFailure || spec.commandLine().getParseResult().hasMatchedOption("--run"))) {
            throw new UserError("--shell runs no commands of its own: leave out --run and --expect-enable-failure");
        }
        try {
            Path out_ = outDir != null ? outDir : Files.createTempDirectory("dynamos-try-");
            BuildCommand.Result built = BuildCommand.build(script, out_, kernel, null, err);
            if (built.exitCode() != ExitCodes.OK) {
                return built.exitCode();
            }
            List<String> updates = UpdateTrial.updateNames(built.modules());
            err.printf("try: booting %s in QEMU (%d CPU%s, KASLR on%s)%n", install.release(), smp, smp == 1 ? "" : "s",
                    icount ? ", instruction-counted time: 1 ns = 1 instruction" : "");
            err.flush();
            QemuRunner.Options options = new QemuRunner.Options(smp, 512, icount, Duration.ofSeconds(timeoutSeconds));
            if (shell) {
                return shell(install, built.modules(), built.kernelModules(), updates, options, out_, err);
            }
            GuestResult result = UpdateTrial.run(install, built.modules(), built.kernelModules(),
                    TrialSteps.plan(updates, run, setup, expectEnableFailure),
                    options, out_, line -> {
                        if (console) {
                            err.println("| " + line);
                            err.flush();
                        }
                    });
            int status = TrialReport.print(result, TrialSteps.COMMAND_STEPS, out, err);
            if (status == 0 && expectEnableFailure) {
                err.printf("try: enabling %s failed as expected in %s and left it disabled (%.1f s)%n",
                        String.join(", ", updates), install.release(), result.elapsed().toMillis() / 1000.0);
            } else if (status == 0) {
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

    /** The interactive guest of {@code --shell}: returns 1 if the kernel warned meanwhile. */
    private Integer shell(KernelInstall install, List<Path> modules, java.util.Collection<String> kernelModules,
                          List<String> updates,
                          QemuRunner.Options options, Path work, PrintWriter err) throws QemuException {
        StringBuilder banner = new StringBuilder("dynamos try --shell: " + install.release()
                + ", modules loaded, not enabled: " + String.join(" ", updates) + "\n");
        for (String u : updates) {
            banner.append("  echo 1 > /sys/kernel/dynamos/").append(u).append("/enabled   (0 reverts)\n");
        }
        for (String m : kernelModules) {
            banner.append("  modprobe ").append(m).append("   (the kernel's own module the updates reach into, not loaded)\n");
        }
        banner.append("  ls /sys/kernel/dynamos/*/   dmesg | grep dynamos   exit: power off   Ctrl-A x: stop QEMU\n");
        err.println("try: the guest's console follows; `exit` ends it");
        err.flush();
        List<String> problems = QemuRunner.interactive(install, UpdateTrial.initramfs(install, modules, kernelModules,
                TrialSteps.shell(updates, setup, banner.toString()), work), options);
        if (!problems.isEmpty()) {
            err.println("try: the kernel reported a problem:");
            problems.forEach(p -> p.lines().forEach(l -> err.println("  " + l)));
            err.flush();
            return 1;
        }
        return 0;
    }
}
