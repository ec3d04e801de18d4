package org.dynamos.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dynamos.bind.ModuleReferences;
import org.dynamos.bind.ModuleReferences.Reference;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.plan.FunctionPlan;
import org.dynamos.plan.UpdatePlan;
import org.dynamos.syntax.SourceFile;
import org.dynamos.syntax.Span;

/**
 * E0306: the update's C refers to no function the update replaces. A new version that calls the
 * function it replaces enters the redirection again and recurses until the kernel stack overflows;
 * a call from one new version to another replaced function only reaches that function's new
 * version the long way. Either way the name is {@code orig_F} (the kernel's own F) or the new
 * version's. E0307: an {@code orig_F} is only called, never used as a value — its address lies
 * inside F, past the fentry site, and is no function entry.
 *
 * <p>Runs on the built module before binding, from its relocations; each reference is reported
 * at its line in the user's C file (from the module's line table), else at the update's source
 * line, naming the function it lies in.
 */
final class OriginalsCalledSafely {
    private static final String GLUE_PREFIX = "__dynamos_orig_";

    private OriginalsCalledSafely() {
    }

    /**
     * @param copies build-directory copy of each user source to the user's file
     * @param where  where to report a reference whose line is unknown
     */
    static void check(Path ko, UpdatePlan plan, KernelImage image, Map<Path, Path> copies, Span where,
                      Diagnostics out) throws IOException {
        Map<Long, FunctionPlan> replaced = new LinkedHashMap<>();
        plan.functions().forEach(f -> replaced.putIfAbsent(f.original().address(), f));
        Map<String, FunctionPlan> originals = plan.originalCalls();
        Map<String, FunctionPlan> target = new LinkedHashMap<>();
        List<Reference> refs = ModuleReferences.to(ko, name -> {
            if (name.startsWith(GLUE_PREFIX)) {
                return false; // the glue's own descriptors
            }
            if (originals.containsKey(name)) {
                return true;
            }
            for (KernelSymbol s : image.symbols(name)) {
                FunctionPlan f = replaced.get(s.address());
                if (s.isFunction() && f != null) {
                    target.put(name, f);
                    return true;
                }
            }
            return false;
        });
        Map<String, List<Long>> offsets = new LinkedHashMap<>();
        refs.forEach(r -> offsets.computeIfAbsent(r.section(), k -> new ArrayList<>()).add(r.offset()));
        Map<String, Map<Long, SourceLines.Line>> lines = new LinkedHashMap<>();
        offsets.forEach((section, list) -> lines.put(section, SourceLines.of(ko, section, list)));

        Set<String> reported = new HashSet<>();
        for (Reference r : refs) {
            Optional<SourceLines.Line> line = Optional.ofNullable(lines.get(r.section()).get(r.offset()));
            String in = r.function().orElse(r.section() + "+0x" + Long.toHexString(r.offset()));
            FunctionPlan orig = originals.get(r.symbol());
            if (orig != null && r.isCallOrJump()) {
                continue; // orig_F(...): what it is for
            }
            Span span = line.flatMap(l -> span(l, r.symbol(), copies)).orElse(where);
            if (!reported.add(span + "/" + r.symbol())) {
                continue;
            }
            List<String> notes = span == where ? List.of("in " + in + " (" + r.section() + "+0x"
                    + Long.toHexString(r.offset()) + " of the module; no line table to say where in the C)") : List.of();
            if (orig != null) {
                out.add(Messages.of("E0307", span, notes, in, r.symbol(), orig.original().name()));
            } else {
                FunctionPlan f = target.get(r.symbol());
                out.add(Messages.of("E0306", span, notes, in, r.isCallOrJump() ? "calls" : "refers to", r.symbol(),
                        f.original().name(), f.originalCallName()));
            }
        }
    }

    /** The reference's line in the user's file, with the symbol's name under carets when it is on that line. */
    static Optional<Span> span(SourceLines.Line l, String symbol, Map<Path, Path> copies) {
        Path user = copies.get(l.file().toAbsolutePath().normalize());
        if (user == null) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(user, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        SourceFile file = new SourceFile(user, text);
        if (l.line() > file.lineCount()) {
            return Optional.empty();
        }
        String line = file.line(l.line());
        Matcher m = Pattern.compile("\\b" + Pattern.quote(symbol) + "\\b").matcher(line);
        if (m.find()) {
            return Optional.of(new Span(file, l.line(), m.start() + 1, l.line(), m.end() + 1));
        }
        int first = line.length() - line.stripLeading().length();
        return Optional.of(new Span(file, l.line(), first + 1, l.line(), Math.max(first + 2, line.length() + 1)));
    }
}
