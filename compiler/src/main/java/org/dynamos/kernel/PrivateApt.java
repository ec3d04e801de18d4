package org.dynamos.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An apt configuration of our own, beside the host's: its own source list (one Debian release
 * on the host's mirrors), package lists, cache and an empty dpkg status, so that neither the
 * host's release, its installed packages nor its pinning influence which kernel is chosen, and
 * the host's apt state is never touched. Host-wide settings such as proxies still apply.
 */
final class PrivateApt {
    private final Path dir;

    /** Uses (and creates) {@code dir} for the configuration and state. */
    PrivateApt(Path dir) {
        this.dir = dir;
    }

    /** Writes the source list and the state directories. */
    void configure(String sourcesList) throws KernelStoreException {
        try {
            Files.createDirectories(dir.resolve("lists/partial"));
            Files.createDirectories(dir.resolve("cache/archives/partial"));
            Files.createDirectories(dir.resolve("preferences.d"));
            Files.writeString(dir.resolve("sources.list"), sourcesList);
            Path status = dir.resolve("status");
            if (!Files.exists(status)) {
                Files.createFile(status);
            }
        } catch (IOException e) {
            throw new KernelStoreException("cannot write the private apt configuration in " + dir + ": " + e.getMessage());
        }
    }

    /** {@code apt-get update} on the private lists; apt's output goes to {@code echo}. */
    Commands.Result update(Consumer<String> echo) throws KernelStoreException {
        return Commands.run(command("apt-get", "update"), dir, echo);
    }

    /** {@code apt-cache policy PKG...}. */
    String policy(List<String> packages) throws KernelStoreException {
        List<String> args = new ArrayList<>(List.of("policy"));
        args.addAll(packages);
        return Commands.check(command("apt-cache", args.toArray(String[]::new)), dir, null, "apt-cache policy").stdout();
    }

    /** {@code apt-cache show PKG=VERSION} (one record). */
    String show(String pkg, String version) throws KernelStoreException {
        return Commands.check(command("apt-cache", "show", pkg + "=" + version), dir, null, "apt-cache show").stdout();
    }

    /** {@code apt-cache search --names-only REGEX}. */
    String searchNames(String regex) throws KernelStoreException {
        return Commands.check(command("apt-cache", "search", "--names-only", regex), dir, null, "apt-cache search").stdout();
    }

    /** {@code apt-get download PKG=VERSION...} into {@code target}. */
    void download(List<String> pinnedPackages, Path target, Consumer<String> echo) throws KernelStoreException {
        List<String> args = new ArrayList<>(List.of("download"));
        args.addAll(pinnedPackages);
        Commands.check(command("apt-get", args.toArray(String[]::new)), target, echo, "downloading the kernel packages");
    }

    private List<String> command(String tool, String... args) {
        List<String> cmd = new ArrayList<>(List.of(tool,
                "-o", "Dir::Etc::sourcelist=" + dir.resolve("sources.list"),
                "-o", "Dir::Etc::sourceparts=-",
                "-o", "Dir::Etc::preferences=" + dir.resolve("preferences"),
                "-o", "Dir::Etc::preferencesparts=" + dir.resolve("preferences.d"),
                "-o", "Dir::State::Lists=" + dir.resolve("lists"),
                "-o", "Dir::State::status=" + dir.resolve("status"),
                "-o", "Dir::Cache=" + dir.resolve("cache"),
                // Container images often disable apt's binary caches; ours make each query ~10 ms.
                "-o", "Dir::Cache::pkgcache=pkgcache.bin",
                "-o", "Dir::Cache::srcpkgcache=srcpkgcache.bin",
                "-o", "APT::Get::List-Cleanup=0",
                // The default kernel is amd64 whatever the host is; no foreign-architecture lists.
                "-o", "APT::Architecture=amd64",
                "-o", "APT::Architectures=amd64"));
        if (isRoot()) {
            // Our state lives in the invoking user's home, which apt's unprivileged download
            // user (_apt) cannot enter; apt would fall back to root anyway, with a warning.
            cmd.addAll(List.of("-o", "APT::Sandbox::User=root"));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static boolean isRoot() {
        try {
            return Optional.ofNullable(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))
                    .map(uid -> ((Integer) uid) == 0).orElse(false);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
