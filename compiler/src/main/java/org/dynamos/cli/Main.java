package org.dynamos.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dynamos} command line. */
@Command(name = "dynamos",
        mixinStandardHelpOptions = true,
        version = "dynamos 0.1.0",
        description = "Declarative on-the-fly updates of a running Linux kernel.",
        subcommands = {
            CheckCommand.class,
            BuildCommand.class,
            TryCommand.class,
            KernelCommand.class,
            ExplainCommand.class,
            InspectCommand.class,
            StructCommand.class,
            PatchCommand.class,
            StatusCommand.class,
            EnableCommand.class,
            DisableCommand.class,
            OverrideCommand.class,
            KnobCommand.class,
            CloneReportCommand.class,
            CloneCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line on the process's standard streams and returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to {@code out} and {@code err}; returns the exit code (for tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("dynamos: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof UserError) {
            err.println("dynamos: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        err.println("dynamos: internal error: " + e);
        err.println("This is a bug in dynamos. Please report it with the command you ran and this excerpt:");
        trace.toString().lines().skip(1).limit(8).forEach(line -> err.println("  " + line.strip()));
        return ExitCodes.INTERNAL;
    }
}
