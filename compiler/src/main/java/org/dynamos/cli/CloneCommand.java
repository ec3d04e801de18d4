package org.dynamos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dynamos.clone.Clone;
import org.dynamos.clone.CloneAssembly;
import org.dynamos.clone.CloneContext;
import org.dynamos.clone.CloneEngine;
import org.dynamos.clone.CloneOptions;
import org.dynamos.clone.RelocationSummary;
import org.dynamos.clone.RoundTrip;
import org.dynamos.clone.SideBySide;
import org.dynamos.disasm.Disassembler;
import org.dynamos.disasm.DisassemblerUnavailableException;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.KernelSymbol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dynamos clone FUNCTION}: one function and its clone side by side (what {@code inspect --clone}
 * shows), or the clone's assembler source and relocation summary.
 */
@Command(name = "clone", mixinStandardHelpOptions = true,
        description = "Clone one kernel function as for an update module and show the original and the clone "
                + "side by side; --asm prints the generated assembler, --json the relocation summary.")
final class CloneCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FUNCTION", description = "The kernel function.")
    String function;

    @Option(names = "--at", paramLabel = "ADDRESS", description = "Which definition, when several share the name (hex).")
    String at;

    @Option(names = "--asm", description = "Print the GNU assembler source of the clone.")
    boolean asm;

    @Option(names = "--json", description = "Print the machine-readable relocation summary.")
    boolean json;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Write FUNCTION.S and FUNCTION.relocs.json into DIR.")
    Path outputDir;

    @Option(names = "--untracked", description = "Leave exits untouched (no exit handler).")
    boolean untracked;

    @Option(names = "--round-trip", description = "Relocate the function onto its own address, exits untouched, "
            + "and compare with the original bytes.")
    boolean roundTrip;

    @Mixin
    KernelOptions kernel;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserError, IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (ElfKernelImage img = ElfKernelImage.open(kernel.vmlinuxPath()); Disassembler d = Disassembler.open()) {
            CloneContext ctx = CloneContext.of(img);
            CloneEngine engine = new CloneEngine(ctx, d);
            CloneEngine.FunctionRef fn = choose(img, engine);
            if (roundTrip) {
                RoundTrip.Outcome o = RoundTrip.check(ctx, engine, fn);
                out.println(fn.name() + ": " + o);
                return o instanceof RoundTrip.Identical ? ExitCodes.OK : ExitCodes.SCRIPT_ERRORS;
            }
            String exit = CloneAssembly.exitSymbol(fn.name());
            CloneOptions options = (untracked
                    ? new CloneOptions(false, null, true, CloneOptions.Placement.MODULE, false)
                    : CloneOptions.forModule(exit)).textual();
            Clone c = engine.clone(fn, options);
            String source = CloneAssembly.emit(c, ctx, CloneAssembly.cloneSymbol(fn.name()));
            String summary = RelocationSummary.json(c, ctx);
            if (outputDir != null) {
                Files.createDirectories(outputDir);
                String base = fn.name().replaceAll("[^A-Za-z0-9_.]", "_");
                Files.writeString(outputDir.resolve(base + ".S"), source);
                Files.writeString(outputDir.resolve(base + ".relocs.json"), summary);
                out.println("wrote " + outputDir.resolve(base + ".S") + " and " + base + ".relocs.json");
            } else if (asm) {
                out.print(source);
            } else if (json) {
                out.print(summary);
            } else {
                out.print(SideBySide.render(c, ctx));
            }
            return ExitCodes.OK;
        } catch (DisassemblerUnavailableException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private CloneEngine.FunctionRef choose(ElfKernelImage img, CloneEngine engine) throws UserError {
        List<KernelSymbol> all = img.symbols(function).stream().filter(KernelSymbol::isFunction).toList();
        if (all.isEmpty()) {
            throw new UserError("no function " + function + " in " + kernel.vmlinuxPath().getFileName());
        }
        KernelSymbol chosen;
        if (at != null) {
            long a = Long.parseUnsignedLong(at.replaceFirst("^0x", ""), 16);
            chosen = all.stream().filter(s -> s.address() == a).findFirst()
                    .orElseThrow(() -> new UserError(function + " has no definition at " + at));
        } else if (all.stream().map(KernelSymbol::address).distinct().count() > 1) {
            StringBuilder s = new StringBuilder(function + " has " + all.size() + " definitions; choose one with --at:");
            all.forEach(k -> s.append("\n  0x").append(Long.toHexString(k.address())).append("  ")
                    .append(k.fileName() == null ? "" : k.fileName()));
            throw new UserError(s.toString());
        } else {
            chosen = all.get(0);
        }
        return engine.functionAt(chosen.address())
                .map(f -> new CloneEngine.FunctionRef(function, f.address(), f.size()))
                .orElseThrow(() -> new UserError(function + " is not in the .text section"));
    }
}
