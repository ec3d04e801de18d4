package org.dynamos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dynamos.diag.Diagnostic;
import org.dynamos.image.KernelImage;
import org.dynamos.inspect.FunctionInspector;
import org.dynamos.inspect.FunctionReport;
import org.dynamos.inspect.FunctionReportPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dynamos inspect FUNCTION}: everything the compiler knows about one kernel function. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Print what the compiler knows about a kernel function: address, size, compile unit, "
                + "BTF prototype, fentry site, inlined and out-of-line copies, callers, and every finding of the "
                + "checks a replace line would get.",
                "Exit status: 0 found, 1 no such function or an ambiguous name (the candidates are listed), 2 usage."})
final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FUNCTION",
            description = "A function name, or UNIT:NAME to pick a static by its compile unit (fs/namei.c:may_open), "
                    + "or MODULE:NAME for a function of a loadable module (binfmt_misc:bm_status_read).")
    String function;

    @Mixin
    KernelOptions kernel;

    @Option(names = "--clone", description = "Also clone the function as for an update module (exits tracked) "
            + "and show the original and the clone side by side.")
    boolean clone;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserError {
        Optional<String> unit = Optional.empty();
        String name = function;
        int colon = function.lastIndexOf(':');
        if (colon > 0) {
            unit = Optional.of(function.substring(0, colon).replace("\"", ""));
            name = function.substring(colon + 1);
        }
        if (name.isEmpty()) {
            throw new UserError("no function name in '" + function + "'");
        }
        FunctionInspector.Result result;
        java.util.List<String> clones = new java.util.ArrayList<>();
        try (KernelImage image = kernel.openImage();
             org.dynamos.image.KernelModules modules = org.dynamos.image.KernelModules.of(image)) {
            // MODULE:FUNCTION names a function of a loadable module (an unquoted name, no path)
            Optional<? extends KernelImage> module = unit.isPresent() && !function.startsWith("\"")
                    && unit.get().matches("[A-Za-z_][A-Za-z0-9_-]*") ? modules.open(unit.get(), image) : Optional.empty();
            result = module.isPresent() ? FunctionInspector.inspect(module.get(), Optional.empty(), name)
                    : FunctionInspector.inspect(image, unit, name);
            if (clone && module.isPresent()) {
                throw new UserError("--clone reads the kernel image's code: functions of loadable modules are not cloned");
            }
            if (clone && !result.reports().isEmpty()) {
                // Cloning reads the code itself: the full vmlinux, not the compact index.
                try (org.dynamos.image.ElfKernelImage elf = org.dynamos.image.ElfKernelImage.open(kernel.vmlinuxPath())) {
                    for (FunctionReport r : result.reports()) {
                        clones.add(org.dynamos.clone.SideBySide.of(elf, r.symbol().name(), r.symbol().address()));
                    }
                }
            }
        } catch (org.dynamos.disasm.DisassemblerUnavailableException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException e) {
            if (e.getCause() instanceof UserError u) {
                throw u;
            }
            throw new UserError("cannot read the kernel image: " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Diagnostic d : result.problems()) {
            err.println("dynamos: " + d.severity().label() + "[" + d.code() + "]: " + d.message());
            d.help().ifPresent(h -> err.println("  help: " + h));
            for (String note : d.notes()) {
                err.println("        " + note);
            }
            if (d.code().equals("E0203")) {
                err.println("  pick one: dynamos inspect UNIT:" + name);
            }
        }
        for (FunctionReport r : result.reports()) {
            out.print(FunctionReportPrinter.render(r));
        }
        for (String c : clones) {
            out.println();
            out.print(c);
        }
        return result.reports().isEmpty() ? ExitCodes.SCRIPT_ERRORS : ExitCodes.OK;
    }
}
