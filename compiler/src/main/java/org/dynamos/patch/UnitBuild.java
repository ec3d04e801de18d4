package org.dynamos.patch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dynamos.build.Kbuild;

/**
 * Builds one translation unit of a kernel source tree ({@code fs/proc/cmdline.c}) the way the
 * kernel built it into its image: with the kernel's own kbuild, configuration, compiler and flags
 * (from its headers package), as a built-in object ({@code obj-y}: no {@code -DMODULE}), plus
 * {@code -ffunction-sections -fdata-sections} so each function and object stands alone. The unit
 * is compiled in a directory of its own, which includes the unit's own directory of the tree for
 * its local headers. About 4 s per unit.
 */
public final class UnitBuild {

    /** What a build produced: the object, or kbuild's output when it failed. */
    public record Result(Path object, Kbuild.Result kbuild) {
        public boolean ok() {
            return kbuild.ok() && Files.isRegularFile(object);
        }
    }

    private UnitBuild() {
    }

    /**
     * @param kdir the kernel's build directory (its headers package)
     * @param tree the source tree the unit is read from
     * @param unit the unit's path in the tree
     * @param work an empty directory of the caller's for the build
     */
    public static Result build(Path kdir, Path tree, String unit, Path work) throws IOException {
        return build(kdir, tree, null, unit, work);
    }

    /**
     * As above, with the files of {@code overlay} (a patched tree's changed files, at their paths)
     * in place of the tree's: the unit itself, and the headers of its directory it includes.
     */
    public static Result build(Path kdir, Path tree, Path overlay, String unit, Path work) throws IOException {
        if (!unit.endsWith(".c") || unit.startsWith("/") || unit.contains("..")) {
            throw new IllegalArgumentException("not a C unit of the tree: " + unit);
        }
        Path source = overlay != null && Files.isRegularFile(overlay.resolve(unit)) ? overlay.resolve(unit)
                : tree.resolve(unit);
        String base = source.getFileName().toString();
        String stem = base.substring(0, base.length() - 2);
        Files.createDirectories(work);
        Files.copy(source, work.resolve(base));
        String dir = Path.of(unit).getParent() == null ? "" : Path.of(unit).getParent().toString();
        String includes = "-I" + tree.resolve(dir).toAbsolutePath().normalize();
        if (overlay != null && Files.isDirectory(overlay.resolve(dir))) {
            includes = "-I" + overlay.resolve(dir).toAbsolutePath().normalize() + " " + includes;
        }
        Files.writeString(work.resolve("Kbuild"), "# " + unit + " as the kernel built it, each function in a section\n"
                + "obj-y := " + stem + ".o\n"
                + "ccflags-y := " + includes + " -ffunction-sections -fdata-sections\n", StandardCharsets.UTF_8);
        Kbuild.Result r = Kbuild.make(kdir, work.toAbsolutePath(), List.of(stem + ".o"));
        return new Result(work.resolve(stem + ".o"), r);
    }

    /** Removes a build directory of {@link #build}, ignoring what cannot be removed. */
    public static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory only
        }
    }
}
