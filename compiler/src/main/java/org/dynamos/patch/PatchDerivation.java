package org.dynamos.patch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.dynamos.patch.PatchFile.PatchException;

/**
 * From a kernel patch to the functions an update must replace: the patch applied to a private
 * overlay of the kernel's source tree, each unit it touches built before and after with the
 * kernel's own kbuild ({@link UnitBuild}), the objects compared function by function
 * ({@link FunctionChanges}).
 */
public final class PatchDerivation {

    /** One unit's changes, with the time its two builds took. */
    public record UnitChanges(String unit, List<FunctionChanges.Change> changes, double seconds) {
    }

    /** A unit that does not build, with kbuild's output. */
    public static final class BuildFailure extends Exception {
        private final String unit;
        private final String output;

        BuildFailure(String unit, String which, String output) {
            super(unit + " does not build " + which + " the patch");
            this.unit = unit;
            this.output = output;
        }

        public String unit() {
            return unit;
        }

        public String output() {
            return output;
        }
    }

    private PatchDerivation() {
    }

    /**
     * @param work an empty directory of the caller's
     * @throws PatchException when the patch does not apply or touches no unit
     */
    public static List<UnitChanges> derive(PatchFile patch, Path kdir, Path tree, Path work)
            throws PatchException, IOException, BuildFailure {
        return derive(patch, kdir, tree, unit -> true, null, work);
    }

    /**
     * @param built    whether the kernel builds a unit (those of a changed header that it does not
     *                 build, for its configuration, are left out)
     * @param objects  where the unpatched units' objects are kept between runs (the tree never
     *                 changes: the kernel store's), or null to build them every time
     */
    public static List<UnitChanges> derive(PatchFile patch, Path kdir, Path tree, Predicate<String> built,
                                           Path objects, Path work)
            throws PatchException, IOException, BuildFailure {
        PatchedTree patched = PatchedTree.apply(patch, tree);
        Path overlay = work.resolve("overlay");
        patched.writeOverlay(overlay);
        List<String> units = units(patch, tree, built);
        if (units.isEmpty()) {
            throw new PatchException(0, "the patch changes no C file of the tree and no header of a unit's own"
                    + " directory: nothing to build (headers under include/ are not derived yet)");
        }
        List<UnitChanges> out = new ArrayList<>();
        for (String unit : units) {
            long start = System.nanoTime();
            String dir = unit.replace('/', '_');
            UnitBuild.Result before = unpatched(kdir, tree, unit, objects, work.resolve("before").resolve(dir));
            if (!before.ok()) {
                throw new BuildFailure(unit, "without", before.kbuild().output());
            }
            if (patched.changed().containsKey(unit) && patched.changed().get(unit) == null) {
                out.add(new UnitChanges(unit, RelocatableObject.functions(before.object()).stream()
                        .map(f -> new FunctionChanges.Change(f.name(), FunctionChanges.Kind.REMOVED, "its file is deleted"))
                        .toList(), (System.nanoTime() - start) / 1e9));
                continue;
            }
            UnitBuild.Result after = UnitBuild.build(kdir, tree, overlay, unit, work.resolve("after").resolve(dir));
            if (!after.ok()) {
                throw new BuildFailure(unit, "with", after.kbuild().output());
            }
            out.add(new UnitChanges(unit, FunctionChanges.between(RelocatableObject.symbols(before.object()),
                    RelocatableObject.symbols(after.object())), (System.nanoTime() - start) / 1e9));
        }
        return out;
    }

    /** The unpatched unit's object: kept in {@code objects} (when given) after its first build. */
    private static UnitBuild.Result unpatched(Path kdir, Path tree, String unit, Path objects, Path work)
            throws IOException {
        Path kept = objects == null ? null : objects.resolve(unit.substring(0, unit.length() - 2) + ".o");
        if (kept != null && Files.isRegularFile(kept)) {
            return new UnitBuild.Result(kept, new org.dynamos.build.Kbuild.Result(0, ""));
        }
        UnitBuild.Result r = UnitBuild.build(kdir, tree, unit, work);
        if (kept != null && r.ok()) {
            Files.createDirectories(kept.getParent());
            Path tmp = Files.createTempFile(kept.getParent(), ".unit-", ".o");
            Files.copy(r.object(), tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, kept, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return r;
    }

    /**
     * The units to build: every changed C file, and every C file of a changed header's directory
     * that includes it by name.
     */
    static List<String> units(PatchFile patch, Path tree, Predicate<String> built) throws IOException {
        Set<String> units = new LinkedHashSet<>();
        for (PatchFile.FilePatch f : patch.files()) {
            if (f.path().endsWith(".c")) {
                units.add(f.path());
            } else if (f.path().endsWith(".h") && !f.path().startsWith("include/") && !f.path().contains("/include/")) {
                Path dir = tree.resolve(f.path()).getParent();
                String name = Path.of(f.path()).getFileName().toString();
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path c : files.filter(p -> p.toString().endsWith(".c")).sorted().toList()) {
                        String unit = tree.relativize(c).toString();
                        if (built.test(unit) && Files.readString(c).contains("#include \"" + name + "\"")) {
                            units.add(unit);
                        }
                    }
                }
            }
        }
        return new ArrayList<>(units);
    }
}
