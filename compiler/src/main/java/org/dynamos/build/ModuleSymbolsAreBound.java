package org.dynamos.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dynamos.bind.ExportedSymbols;
import org.dynamos.bind.ModuleReferences;
import org.dynamos.bind.ModuleReferences.Reference;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelModules;
import org.dynamos.image.SymbolType;
import org.dynamos.plan.BindPlan;
import org.dynamos.plan.FunctionPlan;
import org.dynamos.plan.UpdatePlan;
import org.dynamos.syntax.Span;

/**
 * E0311: the update's C names a symbol of a loadable module the update targets — a static of the
 * module, or one of its exports — directly. The kernel image cannot bind it, and an export would
 * make the update depend on the module (modprobe would load it first, and the update could not
 * load without it). Such a symbol is reached through {@code bind NAME: TYPE = MODULE:SYMBOL;} (or
 * {@code orig_F} for a replaced function), whose address the runtime sets while the module is
 * loaded. Reported at the reference's line in the user's C where the module's line table says it.
 */
final class ModuleSymbolsAreBound {

    private ModuleSymbolsAreBound() {
    }

    /**
     * @param exported the kernel's exports (Module.symvers): those of a targeted module count too
     * @param copies   build-directory copy of each user source to the user's file
     * @param where    where to report a reference whose line is unknown
     */
    static void check(Path ko, UpdatePlan plan, KernelImage image, KernelModules modules, ExportedSymbols exported,
                      Map<Path, Path> copies, Span where, Diagnostics out) throws IOException {
        Set<String> targeted = new LinkedHashSet<>();
        plan.functions().forEach(f -> f.objname().ifPresent(targeted::add));
        plan.binds().forEach(b -> b.objname().ifPresent(targeted::add));
        if (targeted.isEmpty()) {
            return;
        }
        Map<String, String> owner = new LinkedHashMap<>();
        List<Reference> refs = ModuleReferences.to(ko, name -> {
            Optional<String> m = moduleOf(name, targeted, image, modules, exported);
            m.ifPresent(x -> owner.put(name, x));
            return m.isPresent();
        });
        Map<String, List<Long>> offsets = new LinkedHashMap<>();
        refs.forEach(r -> offsets.computeIfAbsent(r.section(), k -> new ArrayList<>()).add(r.offset()));
        Map<String, Map<Long, SourceLines.Line>> lines = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> e : offsets.entrySet()) {
            lines.put(e.getKey(), SourceLines.of(ko, e.getKey(), e.getValue()));
        }
        Set<String> reported = new HashSet<>();
        for (Reference r : refs) {
            Optional<SourceLines.Line> line = Optional.ofNullable(lines.get(r.section()).get(r.offset()));
            Span span = line.flatMap(l -> OriginalsCalledSafely.span(l, r.symbol(), copies)).orElse(where);
            if (!reported.add(span + "/" + r.symbol())) {
                continue;
            }
            String in = r.function().orElse(r.section() + "+0x" + Long.toHexString(r.offset()));
            List<String> notes = span == where ? List.of("in " + in + " (" + r.section() + "+0x"
                    + Long.toHexString(r.offset()) + " of the module; no line table to say where in the C)") : List.of();
            String module = owner.get(r.symbol());
            out.add(Messages.of("E0311", span, notes, r.symbol(), module, how(plan, r.symbol(), module)));
        }
    }

    /** The targeted module defining or exporting {@code name}, when the kernel image does not define it. */
    private static Optional<String> moduleOf(String name, Set<String> targeted, KernelImage image,
                                             KernelModules modules, ExportedSymbols exported) {
        Optional<ExportedSymbols.Export> export = exported.get(name);
        if (export.isPresent() && !export.get().module().equals("vmlinux")) {
            String path = export.get().module();
            String m = KernelModules.normalise(path.substring(path.lastIndexOf('/') + 1));
            return targeted.contains(m) ? Optional.of(m) : Optional.empty();
        }
        if (export.isPresent() || image.symbols(name).stream().anyMatch(s -> !s.section().equals("*UND*"))) {
            return Optional.empty(); // the kernel image's: the binder's business
        }
        for (String m : targeted) {
            try {
                Optional<? extends KernelImage> mod = modules.open(m, image);
                if (mod.isPresent() && mod.get().symbols(name).stream().anyMatch(s -> !s.section().equals("*UND*")
                        && (s.type() == SymbolType.FUNC || s.type() == SymbolType.OBJECT))) {
                    return Optional.of(m);
                }
            } catch (IOException | RuntimeException e) {
                // checked already: an unreadable module was E0221
            }
        }
        return Optional.empty();
    }

    /** The line to write instead: orig_F for a replaced function, else a bind line. */
    private static String how(UpdatePlan plan, String symbol, String module) {
        for (FunctionPlan f : plan.functions()) {
            if (f.objname().equals(Optional.of(module)) && f.original().name().equals(symbol)) {
                return "call the module's own " + symbol + " as " + f.originalCallName() + "(...), which enters it"
                        + " through an address the runtime sets while " + module + " is loaded";
            }
        }
        for (BindPlan b : plan.binds()) {
            if (b.objname().equals(Optional.of(module)) && b.object().name().equals(symbol)) {
                return "use the name the script binds it to, " + b.decl().name().text() + ", whose address the runtime"
                        + " sets while " + module + " is loaded";
            }
        }
        return "bind it in the script, `bind NAME: TYPE = " + module + ":" + symbol + ";`, and use NAME: the runtime"
                + " sets its address while " + module + " is loaded, and the update depends on no module";
    }
}
