package org.dynamos.kernel;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code kernel.properties} file that marks a store directory as complete. It is written
 * last, and a directory without it is never used. Paths in it are relative to the directory,
 * so the marker stays true when the directory is renamed into place.
 */
public final class KernelMarker {
    /** The marker's file name inside an install directory. */
    public static final String FILE = "kernel.properties";
    private static final String FORMAT = "1";

    private KernelMarker() {}

    /** Writes the marker of {@code packages} extracted into {@code dir} (atomically within {@code dir}). */
    static void write(Path dir, KernelPackages packages, String series) throws IOException {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("release", packages.release());
        p.setProperty("abi", packages.abi());
        p.setProperty("flavour", packages.flavour());
        p.setProperty("series", series);
        p.setProperty("version", packages.version());
        p.setProperty("packages", String.join(" ", packages.all()));
        p.setProperty("root", "root");
        p.setProperty("vmlinux", relative(vmlinux(packages.release())));
        p.setProperty("vmlinuz", relative(vmlinuz(packages.release())));
        p.setProperty("kdir", relative(kdir(packages.release())));
        p.setProperty("fetched", Instant.now().toString());
        Path tmp = dir.resolve(FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "dynamos kernel store: this directory is complete");
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The install in {@code dir}, if its marker exists, is readable and the files it names exist;
     * empty otherwise (an incomplete, foreign or damaged directory).
     */
    public static Optional<KernelInstall> read(Path dir) {
        Path marker = dir.resolve(FILE);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        String release = p.getProperty("release");
        if (!FORMAT.equals(p.getProperty("format")) || release == null) {
            return Optional.empty();
        }
        Path base = dir.toAbsolutePath().normalize();
        KernelInstall install = new KernelInstall(release,
                base.resolve(p.getProperty("root", "root")),
                base.resolve(p.getProperty("vmlinux", relative(vmlinux(release)))),
                base.resolve(p.getProperty("vmlinuz", relative(vmlinuz(release)))),
                base.resolve(p.getProperty("kdir", relative(kdir(release)))));
        boolean usable = Files.isRegularFile(install.vmlinux()) && Files.isRegularFile(install.vmlinuz())
                && Files.isRegularFile(install.kdir().resolve("Makefile"));
        return usable ? Optional.of(install) : Optional.empty();
    }

    /** The ABI recorded in a marker, for ordering installs. */
    static Optional<String> abi(Path dir) {
        return property(dir, "abi");
    }

    /** The Debian package version recorded in a marker ({@code 6.1.192-3}). */
    static Optional<String> version(Path dir) {
        return property(dir, "version");
    }

    private static Optional<String> property(Path dir, String name) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.load(r);
            return Optional.ofNullable(p.getProperty(name));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Path vmlinux(String release) {
        return Path.of("root/usr/lib/debug/boot/vmlinux-" + release);
    }

    static Path vmlinuz(String release) {
        return Path.of("root/boot/vmlinuz-" + release);
    }

    static Path kdir(String release) {
        return Path.of("root/usr/src/linux-headers-" + release);
    }

    private static String relative(Path p) {
        return p.toString();
    }
}
