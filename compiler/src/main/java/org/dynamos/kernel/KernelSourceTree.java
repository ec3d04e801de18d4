package org.dynamos.kernel;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel source tree of one installed kernel: Debian's {@code linux-source-X.Y} package of
 * the image's exact version (the upstream tree with Debian's patches applied), extracted into
 * {@code <release>/source}. Complete when it holds {@link #MARKER}, written last; built in
 * {@code source.partial-<pid>} and renamed into place, like the kernel itself.
 */
public final class KernelSourceTree {
    /** The marker's file name inside the source directory. */
    public static final String MARKER = ".dynamos-source";
    private static final Pattern MAKE_VAR = Pattern.compile("(?m)^(VERSION|PATCHLEVEL|SUBLEVEL)\\s*=\\s*(\\d+)\\s*$");

    private KernelSourceTree() {
    }

    /** The complete source tree of the kernel installed in {@code releaseDir}, if it was fetched. */
    static Optional<Path> installed(Path releaseDir) {
        Path dir = releaseDir.resolve("source");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(MARKER), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<String> version = KernelMarker.version(releaseDir);
        boolean same = version.isPresent() && version.get().equals(p.getProperty("version"));
        return same && Files.isRegularFile(dir.resolve("Makefile")) ? Optional.of(dir) : Optional.empty();
    }

    /**
     * The upstream version a Debian package version stands for ({@code 6.1.192-3} is 6.1.192);
     * empty when it does not look like one.
     */
    static Optional<String> upstream(String debianVersion) {
        Matcher m = Pattern.compile("^(\\d+\\.\\d+\\.\\d+)(?:[~+-].*)?$").matcher(debianVersion);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** {@code VERSION.PATCHLEVEL.SUBLEVEL} of a kernel tree's top Makefile. */
    public static Optional<String> makefileVersion(Path tree) {
        String text;
        try {
            text = Files.readString(tree.resolve("Makefile"));
        } catch (IOException e) {
            return Optional.empty();
        }
        Properties v = new Properties();
        Matcher m = MAKE_VAR.matcher(text);
        while (m.find()) {
            v.putIfAbsent(m.group(1), m.group(2));
        }
        if (v.size() != 3) {
            return Optional.empty();
        }
        return Optional.of(v.get("VERSION") + "." + v.get("PATCHLEVEL") + "." + v.get("SUBLEVEL"));
    }

    /** Downloads {@code pkg=version} and extracts its tree into {@code releaseDir/source}. */
    static Path install(PrivateApt apt, String pkg, String version, Path releaseDir, Progress pr)
            throws KernelStoreException {
        Path target = releaseDir.resolve("source");
        Path partial = releaseDir.resolve("source.partial-" + ProcessHandle.current().pid());
        return KernelStore.staged(partial, "the kernel source", () -> {
            removeLeftovers(releaseDir, pr);
            Path debs = partial.resolve(".debs");
            Files.createDirectories(debs);
            Progress.Step download = pr.step("downloading " + pkg + " " + version + " (the kernel's own source, once)");
            apt.download(List.of(pkg + "=" + version), debs, pr::echo);
            Path deb = KernelStore.deb(debs, pkg);
            download.done(Progress.megabytes(Files.size(deb)));

            Progress.Step x = pr.step("extracting the source tree into " + target);
            untar(deb, pkg, partial);
            KernelStore.deleteQuietly(debs);
            String expected = upstream(version).orElse("");
            String found = makefileVersion(partial).orElse("none");
            if (!found.equals(expected)) {
                throw new KernelStoreException(pkg + " " + version + " holds a tree of version " + found
                        + ", not " + expected + "; unexpected package contents");
            }
            x.done("Linux " + found);

            Properties p = new Properties();
            p.setProperty("package", pkg);
            p.setProperty("version", version);
            p.setProperty("fetched", Instant.now().toString());
            try (Writer w = Files.newBufferedWriter(partial.resolve(MARKER), StandardCharsets.UTF_8)) {
                p.store(w, "dynamos kernel store: this source tree is complete");
            }
            KernelStore.publish(partial, target);
            return target;
        });
    }

    /** {@code ./usr/src/PKG.tar.xz} of the package, unpacked without its top directory. */
    private static void untar(Path deb, String pkg, Path into) throws IOException, KernelStoreException {
        Commands.pipeline(List.of(
                new ProcessBuilder("dpkg-deb", "--fsys-tarfile", deb.toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD),
                new ProcessBuilder("tar", "-xO", "./usr/src/" + pkg + ".tar.xz"),
                new ProcessBuilder("tar", "-xJ", "-C", into.toString(), "--strip-components=1")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)),
                "extracting " + pkg + ".tar.xz from " + deb.getFileName(),
                Commands.which("xz").isEmpty() ? "\nhelp: install xz-utils (apt-get install xz-utils)" : "");
    }

    private static void removeLeftovers(Path releaseDir, Progress pr) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(releaseDir, "source.*-*")) {
            for (Path p : ds) {
                pr.say("removing " + p + ", left by an interrupted fetch");
                KernelStore.deleteQuietly(p);
            }
        }
    }
}
