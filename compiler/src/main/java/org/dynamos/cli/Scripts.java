package org.dynamos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dynamos.diag.Diagnostic;
import org.dynamos.diag.DiagnosticPrinter;
import org.dynamos.diag.Severity;
import org.dynamos.driver.Compilation;

/** Shared by the commands that read a script: compile it and print its diagnostics. */
final class Scripts {

    private Scripts() {
    }

    static Compilation.Result compile(Path script, KernelOptions kernel, PrintWriter err) throws UserError {
        if (!Files.exists(script)) {
            throw new UserError("no such file: " + script);
        }
        if (!Files.isRegularFile(script)) {
            throw new UserError("not a file: " + script);
        }
        try {
            Compilation.Result result = Compilation.compile(script, kernel::openImage);
            print(result, err);
            return result;
        } catch (IOException e) {
            if (e.getCause() instanceof UserError u) {
                throw u;
            }
            throw new UserError("cannot read " + e.getMessage(), e);
        }
    }

    static void print(Compilation.Result result, PrintWriter err) {
        int errors = 0;
        int warnings = 0;
        for (Diagnostic d : result.diagnostics().sorted()) {
            err.print(DiagnosticPrinter.render(d));
            err.println();
            if (d.severity() == Severity.ERROR) {
                errors++;
            } else {
                warnings++;
            }
        }
        if (errors > 0) {
            err.println(count(errors, "error") + (warnings > 0 ? ", " + count(warnings, "warning") : "") + " found.");
        }
        err.flush();
    }

    static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
