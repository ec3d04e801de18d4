package org.dynamos.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the real kernel for integration tests: {@code $DYNAMOS_VMLINUX} if set, else the newest
 * {@code kernels/<release>/root} under the DynAMOS cache ({@code $DYNAMOS_CACHE}, else
 * {@code ~/.cache/dynamos}). Tests skip themselves when it is absent.
 */
public final class RealKernel {
    private RealKernel() {
    }

    /** @return the debug vmlinux, if there is one */
    public static Optional<Path> vmlinux() {
        String own = System.getenv("DYNAMOS_VMLINUX");
        if (own != null && !own.isBlank()) {
            return Optional.of(Path.of(own)).filter(Files::isRegularFile);
        }
        return root().flatMap(r -> first(r.resolve("usr/lib/debug/boot"), "vmlinux-"));
    }

    /** @return the flavour's kbuild directory's {@code Module.symvers}, if there is one */
    public static Optional<Path> symvers() {
        return root().flatMap(r -> first(r.resolve("usr/src"), "linux-headers-"))
                .map(d -> d.resolve("Module.symvers")).filter(Files::isRegularFile);
    }

    private static Optional<Path> root() {
        String cache = System.getenv("DYNAMOS_CACHE");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "dynamos");
        Path kernels = base.resolve("kernels");
        if (!Files.isDirectory(kernels)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(kernels)) {
            return s.map(k -> k.resolve("root")).filter(Files::isDirectory)
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The newest entry named {@code prefix*}, preferring a non-"common" headers directory. */
    private static Optional<Path> first(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> !p.getFileName().toString().endsWith("-common"))
                    .filter(p -> Files.isRegularFile(p) || Files.isRegularFile(p.resolve("Module.symvers")))
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
