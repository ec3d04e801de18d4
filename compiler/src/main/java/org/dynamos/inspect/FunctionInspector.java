package org.dynamos.inspect;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dynamos.image.SourceFunction;
import org.dynamos.check.Checker;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.FunctionRef;
import org.dynamos.syntax.Ident;
import org.dynamos.syntax.SourceFile;
import org.dynamos.syntax.Span;

/**
 * Gathers a {@link FunctionReport}: resolves a function name as a replace line would (so an unknown
 * or ambiguous name gets the same diagnostics, with close names or the candidates), then asks the
 * image every question the target checks ask, and runs each check on the function.
 */
public final class FunctionInspector {

    /**
     * What inspecting a name gave.
     *
     * @param reports  one report per function resolved (one, or none when there are problems)
     * @param problems why the name does not resolve to one function
     */
    public record Result(List<FunctionReport> reports, List<org.dynamos.diag.Diagnostic> problems) {
    }

    private FunctionInspector() {
    }

    /**
     * @param unit     the compile unit the function must be defined in ({@code fs/namei.c}), if given
     * @param function the function's name
     */
    public static Result inspect(KernelImage image, Optional<String> unit, String function) {
        FunctionRef target = syntheticTarget(unit, function);
        Checker.Resolution r = Checker.resolve(target, image);
        if (!r.problems().isEmpty() || r.symbols().isEmpty()) {
            return new Result(List.of(), r.problems());
        }
        KernelSymbol s = r.symbols().get(0);
        long text = image.symbols("_text").stream().mapToLong(KernelSymbol::address).findFirst().orElse(0);
        Optional<String> module = Optional.empty();
        if (image instanceof org.dynamos.image.ModuleImage m) {
            text = m.sectionAddress(s.section());
            module = Optional.of(m.name());
        }
        Optional<SourceFunction> source = image.sourceFunction(s);
        List<KernelSymbol> inlined = source.map(f -> f.inlinedInto().stream().filter(c -> c.address() != s.address())
                .collect(Collectors.toList())).orElse(List.of());
        List<KernelSymbol> copies = source.map(f -> f.otherCopies(s)).orElse(List.of());
        FunctionReport report = new FunctionReport(s, text, image.compileUnit(s), image.aliases(s),
                image.prototype(s.name()), image.fentryOffset(s), source, places(inlined, image),
                places(copies, image), image.kprobeBlacklisted(s), places(image.callers(s), image),
                image.threadCreators(s), Checker.findings(target, s, image), module);
        return new Result(List.of(report), List.of());
    }

    private static List<FunctionReport.Place> places(List<KernelSymbol> symbols, KernelImage image) {
        return symbols.stream().map(c -> new FunctionReport.Place(c,
                image.compileUnit(c).orElse(c.fileName() == null ? "" : c.fileName()))).collect(Collectors.toList());
    }

    /** The target of the line {@code replace "UNIT":NAME with NAME_v2;}, as if a script said it. */
    private static FunctionRef syntheticTarget(Optional<String> unit, String function) {
        String target = unit.map(u -> "\"" + u + "\":").orElse("") + function;
        String text = "replace " + target + " with " + function + "_v2;";
        SourceFile source = new SourceFile(Path.of("<inspect>"), text);
        int nameStart = 9 + target.length() - function.length();
        Span name = new Span(source, 1, nameStart, 1, nameStart + function.length());
        return new FunctionRef(unit, new Ident(function, name), new Span(source, 1, 9, 1, 9 + target.length()));
    }
}
