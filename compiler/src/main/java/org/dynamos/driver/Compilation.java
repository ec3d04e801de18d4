package org.dynamos.driver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dynamos.check.Checker;
import org.dynamos.diag.Diagnostics;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelModules;
import org.dynamos.plan.UpdatePlan;
import org.dynamos.syntax.Parser;
import org.dynamos.syntax.Script;

/**
 * The front half of the compiler, read top to bottom: read, parse, check
 * the script, then check it against the kernel image. Every stage adds to
 * one list of diagnostics; the plans are used only when none is an error.
 */
public final class Compilation {

    /** What the front half produced. */
    public record Result(Diagnostics diagnostics, Script script, List<UpdatePlan> plans) {
        public boolean ok() {
            return !diagnostics.hasErrors();
        }
    }

    /** The kernel image, opened only once the script itself is sound. */
    @FunctionalInterface
    public interface ImageSource {
        KernelImage open() throws IOException;
    }

    private Compilation() {
    }

    public static Result compile(Path scriptPath, ImageSource images) throws IOException {
        Diagnostics diagnostics = new Diagnostics();

        ScriptReader.Result read = ScriptReader.read(scriptPath);
        if (read.problem().isPresent()) {
            diagnostics.add(read.problem().get());
            return new Result(diagnostics, new Script(read.source(), List.of()), List.of());
        }

        Parser.Result parsed = Parser.parse(read.source());
        diagnostics.addAll(parsed.diagnostics());
        if (diagnostics.hasErrors()) {
            return new Result(diagnostics, parsed.script(), List.of()); // a partial tree would only add noise
        }
        Script script = parsed.script();

        Checker.checkScript(script, diagnostics);
        if (diagnostics.hasErrors()) {
            return new Result(diagnostics, script, List.of());
        }

        try (KernelImage image = images.open(); KernelModules modules = modulesOf(image)) {
            List<UpdatePlan> plans = Checker.checkAgainst(script, image, modules, diagnostics);
            return new Result(diagnostics, script, plans);
        }
    }

    /**
     * The loadable modules of the kernel {@code image} is of: the module tree of the kernel store's
     * extraction it lives in (looked for only when a script names a module: listing it is lazy).
     */
    static KernelModules modulesOf(KernelImage image) {
        return KernelModules.of(image);
    }
}
