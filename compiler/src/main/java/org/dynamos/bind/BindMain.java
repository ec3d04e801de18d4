package org.dynamos.bind;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.dynamos.image.ElfKernelImage;

/**
 * Command line: {@code BindMain KO VMLINUX SYMVERS [SYMVERS...]} binds the module's non-exported
 * kernel symbols in place and prints the report. Exit status: 0 bound (or nothing to bind),
 * 1 refused (file untouched), 2 bad usage or unreadable input.
 */
public final class BindMain {
    private BindMain() {
    }

    /** Entry point; exits with the status of {@link #run}. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 3) {
            err.println("usage: BindMain MODULE.ko VMLINUX MODULE.SYMVERS [MORE.SYMVERS...]");
            err.println("  Binds the module's references to non-exported kernel symbols in place.");
            return 2;
        }
        Path ko = Path.of(args[0]);
        Path vmlinux = Path.of(args[1]);
        try {
            ExportedSymbols exported = ExportedSymbols.none();
            for (int i = 2; i < args.length; i++) {
                exported = exported.plus(ExportedSymbols.read(Path.of(args[i])));
            }
            for (Path p : new Path[] {ko, vmlinux}) {
                if (!Files.isRegularFile(p)) {
                    err.println("error: " + p + ": no such file");
                    return 2;
                }
            }
            BindReport report;
            try (ElfKernelImage image = ElfKernelImage.open(vmlinux)) {
                report = new ModuleBinder(exported, SymbolResolver.of(image), Map.of()).bind(ko);
            }
            (report.ok() ? out : err).print(report.render());
            return report.ok() ? 0 : 1;
        } catch (NoSuchFileException e) {
            err.println("error: " + e.getFile() + ": no such file");
            return 2;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }
}
