package org.dynamos.build;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dynamos.bind.BindError;
import org.dynamos.bind.BindReport;
import org.dynamos.bind.ExportedSymbols;
import org.dynamos.bind.ModuleBinder;
import org.dynamos.bind.SymbolResolver;
import org.dynamos.clone.BootPatchedBytes;
import org.dynamos.clone.CloneContext;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.emit.ModuleSource;
import org.dynamos.emit.UpdateModuleEmitter;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.plan.FunctionPlan;
import org.dynamos.plan.UpdatePlan;
import org.dynamos.syntax.Span;

/**
 * The back half of the compiler: turns checked update plans into loadable
 * modules. Passes, in order: build the runtime core; per update, emit the
 * glue, compile with kbuild, check the new versions exist, bind the
 * non-exported kernel symbols; finally publish the .ko files to the output
 * directory (only when everything succeeded — never a half-written output).
 */
public final class ModuleBuilder {
    /** File name of the runtime core module. */
    public static final String CORE = "dynamos.ko";

    /** The modules built (core first), or the diagnostics saying why not. */
    public record Outcome(Diagnostics diagnostics, List<Path> modules) {
        public boolean ok() {
            return !diagnostics.hasErrors();
        }
    }

    private final KernelImage image;
    private final Path kdir;
    private final PrintStream progress;
    private CloneContext clones;

    public ModuleBuilder(KernelImage image, Path kdir, PrintStream progress) {
        this.image = image;
        // kbuild runs in the kernel's directory: relative paths would resolve there
        this.kdir = kdir.toAbsolutePath().normalize();
        this.progress = progress;
    }

    public Outcome build(List<UpdatePlan> plans, Path outDir) throws IOException, BuildException {
        outDir = outDir.toAbsolutePath().normalize();
        Diagnostics diagnostics = new Diagnostics();
        Path work = outDir.resolve(".build");
        deleteTree(work);
        Files.createDirectories(work);

        Path core = buildCore(work.resolve("runtime"));
        Path coreSymvers = core.resolveSibling("Module.symvers");
        ExportedSymbols exported = ExportedSymbols.read(kdir.resolve("Module.symvers"))
                .plus(ExportedSymbols.read(coreSymvers));

        Map<Path, String> built = new LinkedHashMap<>();
        built.put(core, CORE);
        for (UpdatePlan plan : plans) {
            Path dir = work.resolve(plan.name());
            Path ko = buildUpdate(plan, dir, coreSymvers, exported, diagnostics);
            if (ko != null) {
                built.put(ko, plan.name() + ".ko");
            }
        }
        if (diagnostics.hasErrors()) {
            return new Outcome(diagnostics, List.of());
        }
        List<Path> published = new ArrayList<>();
        for (Map.Entry<Path, String> e : built.entrySet()) {
            published.add(publish(e.getKey(), outDir.resolve(e.getValue())));
        }
        return new Outcome(diagnostics, published);
    }

    /** The runtime core: the same C for every update, built against this kernel. */
    private Path buildCore(Path dir) throws IOException, BuildException {
        progress.println("  CORE    runtime core " + CORE);
        RuntimeSources.copy("include", dir.resolve("include"));
        RuntimeSources.copy("core", dir.resolve("core"));
        Path moduleDir = dir.resolve("core");
        Kbuild.Result r = Kbuild.modules(kdir, moduleDir, List.of());
        if (!r.ok()) {
            throw new BuildException("the runtime core does not build against " + kdir + ":\n" + r.output());
        }
        Path ko = moduleDir.resolve(CORE);
        BindReport report = new ModuleBinder(ExportedSymbols.read(kdir.resolve("Module.symvers")),
                SymbolResolver.of(image), Map.of()).bind(ko);
        if (!report.ok()) {
            throw new BuildException("the runtime core cannot be bound to this kernel:\n" + report.render());
        }
        return ko;
    }

    private Path buildUpdate(UpdatePlan plan, Path dir, Path coreSymvers, ExportedSymbols exported,
                             Diagnostics out) throws IOException {
        progress.println("  UPDATE  " + plan.name() + " (" + plan.functions().size() + " function"
                + (plan.functions().size() == 1 ? "" : "s") + ")");
        ModuleSource source = UpdateModuleEmitter.emit(plan, imageBytes(plan));
        Files.createDirectories(dir.resolve("src"));
        for (Map.Entry<String, String> f : source.files().entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        RuntimeSources.copy("include", dir.resolve("include"));
        Map<String, Path> copies = new LinkedHashMap<>();
        Map<Path, Path> userFiles = new LinkedHashMap<>();
        for (Path s : plan.sources()) {
            Path copy = dir.resolve(UpdateModuleEmitter.sourceObject(s).replaceFirst("\\.o$", ".c"));
            Files.copy(s, copy, StandardCopyOption.REPLACE_EXISTING);
            copies.put(copy.toString(), s);
            userFiles.put(copy.toAbsolutePath().normalize(), s);
        }
        copies.put(dir + "/", Path.of("")); // generated files: named relative to the module's build directory

        Kbuild.Result r = Kbuild.modules(kdir, dir, List.of(coreSymvers));
        Span where = plan.decl().sources().isEmpty() ? plan.decl().name().span() : plan.decl().sources().get(0).span();
        if (!r.ok()) {
            List<String> lines = CompilerOutput.relevantLines(r.output(), copies);
            boolean explained = false;
            for (FunctionPlan f : plan.functions()) {
                for (String name : f.newFunctions()) {
                    if (CompilerOutput.staticAfterPrototype(r.output(), name)) {
                        out.add(Messages.of("E0303", spanOf(f, name), name));
                        explained = true;
                    } else if (CompilerOutput.conflictingTypes(r.output(), name) && f.prototype().isPresent()) {
                        out.add(Messages.of("E0305", f.decl().target().span(), lines, name, f.original().name(),
                                f.prototype().get()));
                        explained = true;
                    }
                }
            }
            if (!explained) {
                out.add(Messages.of("E0301", where, lines));
            }
            return null;
        }
        Path ko = dir.resolve(plan.name() + ".ko");

        List<String> missing = NewVersions.undefined(ko, plan);
        for (FunctionPlan f : plan.functions()) {
            if (missing.contains(f.replacement())) {
                out.add(Messages.of("E0303", f.decl().replacement().span(), f.replacement()));
            }
        }
        if (!missing.isEmpty()) {
            return null;
        }
        Diagnostics references = new Diagnostics();
        OriginalsCalledSafely.check(ko, plan, image, userFiles, where, references);
        if (references.hasErrors()) {
            references.sorted().forEach(out::add);
            return null;
        }

        Map<String, KernelSymbol> explicit = new LinkedHashMap<>();
        for (FunctionPlan f : plan.functions()) {
            explicit.put(f.bindingName(), f.original());
        }
        plan.originalCalls().forEach((name, f) -> explicit.put(name, pastFentry(f)));
        for (KernelSymbol m : plan.monitors()) {
            explicit.putIfAbsent(UpdatePlan.monitorBindingName(m), m);
        }
        BindReport report = new ModuleBinder(exported, SymbolResolver.of(image), explicit).bind(ko);
        for (BindError e : report.errors()) {
            out.add(Messages.of("E0302", where, e.name(), e.message()));
        }
        return report.ok() ? ko : null;
    }

    /** Where {@code orig_F} enters F: past its fentry call, as a symbol of its own for the binder. */
    static KernelSymbol pastFentry(FunctionPlan f) {
        KernelSymbol o = f.original();
        long off = f.originalCallOffset();
        return new KernelSymbol(o.name() + "+0x" + Long.toHexString(off), o.address() + off, Math.max(0, o.size() - off),
                o.type(), o.binding(), o.section(), o.fileName(), o.region());
    }

    /** Bytes of each original the generated module compares at load time (the first {@value #GUARD_BYTES}). */
    static final int GUARD_BYTES = 1024;

    private Map<String, BootPatchedBytes.Expected> imageBytes(UpdatePlan plan) {
        if (!(image instanceof ElfKernelImage elf)) {
            return Map.of(); // the compact index holds no code: only the build-id is checked
        }
        if (clones == null) {
            clones = CloneContext.of(elf);
        }
        Map<String, BootPatchedBytes.Expected> out = new LinkedHashMap<>();
        for (FunctionPlan f : plan.functions()) {
            out.put(f.original().name(), BootPatchedBytes.of(clones, f.original().address(), f.original().size(),
                    f.fentryOffset(), GUARD_BYTES));
        }
        return out;
    }

    /** Where the script names the new function {@code name} of {@code f}. */
    private static Span spanOf(FunctionPlan f, String name) {
        return f.decl().versions().stream().map(v -> v.name()).filter(n -> n.text().equals(name)).findFirst()
                .or(() -> f.decl().fallback()).map(n -> n.span()).orElse(f.decl().span());
    }

    /** Copies a finished module into place atomically: a reader never sees half a file. */
    private static Path publish(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Path tmp = to.resolveSibling("." + to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return to;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
