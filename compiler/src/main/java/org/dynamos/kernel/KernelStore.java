package org.dynamos.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dynamos.image.KernelIndex;

/**
 * The local store of default kernels: Debian 12 (bookworm) {@code cloud-amd64}, newest ABI,
 * fetched with a private apt configuration on the host's own Debian mirrors and extracted
 * (never installed) under {@code <cache>/kernels/<release>/}.
 *
 * <p>A directory is complete when it holds {@link KernelMarker#FILE}. A fetch builds into
 * {@code <release>.partial-<pid>}, writes the marker last and renames the directory into place,
 * so an interrupted fetch never leaves a directory that looks usable; fetches are serialised by
 * a lock file and a second fetch of a complete kernel does nothing.
 */
public final class KernelStore {
    /** Environment variable that replaces the whole cache directory ({@code ~/.cache/dynamos}). */
    public static final String CACHE_ENV = "DYNAMOS_CACHE";
    /** The Debian release the default kernel comes from. */
    public static final String CODENAME = "bookworm";
    /** The kernel flavour: small, boots quickly under QEMU, has BTF and livepatch. */
    public static final String FLAVOUR = "cloud-amd64";

    private static final Path DEBIAN_KEYRING = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");
    private static final Pattern LEFTOVER = Pattern.compile(".+\\.(partial|stale)-\\d+");
    private static final Pattern MAKEFILE_INCLUDE = Pattern.compile("(?m)^include\\s+/usr/src/(linux-headers-[^/\\s]+)/Makefile[ \\t]*$");

    private final Path cacheDir;
    private final Path etcApt;
    private final Map<String, String> env;

    /** A store in {@code cacheDir} (its kernels go to {@code cacheDir/kernels}), using the host's apt configuration. */
    public KernelStore(Path cacheDir) {
        this(cacheDir, Path.of("/etc/apt"), System.getenv());
    }

    KernelStore(Path cacheDir, Path etcApt, Map<String, String> env) {
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.etcApt = etcApt;
        this.env = Map.copyOf(env);
    }

    /**
     * The user's store: {@code $DYNAMOS_CACHE} if set, else {@code $XDG_CACHE_HOME/dynamos},
     * else {@code ~/.cache/dynamos}.
     */
    public static KernelStore defaultStore() {
        return new KernelStore(defaultCacheDir(System.getenv(), System.getProperty("user.home")));
    }

    static Path defaultCacheDir(Map<String, String> env, String home) {
        String own = env.get(CACHE_ENV);
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "dynamos");
        }
        return Path.of(home, ".cache", "dynamos");
    }

    /** The directory holding one subdirectory per kernel release. */
    public Path kernelsDir() {
        return cacheDir.resolve("kernels");
    }

    /** The newest complete install, if any; incomplete or foreign directories are ignored. */
    public Optional<KernelInstall> installed() {
        Path dir = kernelsDir();
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && !LEFTOVER.matcher(p.getFileName().toString()).matches()) {
                    candidates.add(p);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return candidates.stream()
                .filter(p -> KernelMarker.read(p).isPresent())
                .max(Comparator.comparing((Path p) -> KernelMarker.abi(p).orElse("0"), KernelStore::compareAbi))
                .flatMap(KernelMarker::read);
    }

    /** The installed kernel, or a freshly fetched one; checks that its compiler is present. */
    public KernelInstall require(PrintStream progress) throws KernelStoreException {
        Optional<KernelInstall> have = installed();
        if (have.isPresent()) {
            CompilerCheck.requireFor(have.get());
            return indexed(have.get(), new Progress(progress));
        }
        progress.println("dynamos: no default kernel in " + kernelsDir() + "; fetching it (once)");
        return fetch(progress);
    }

    /**
     * Makes sure the newest default kernel is in the store, downloading and extracting it if
     * needed. Does nothing (and says so) when it is already complete. When the package lists
     * cannot be updated (offline) but a kernel is installed, warns and returns that one.
     */
    public KernelInstall fetch(PrintStream progress) throws KernelStoreException {
        Progress pr = new Progress(progress);
        CompilerCheck.require(CompilerCheck.BOOKWORM_COMPILER);
        for (String tool : List.of("apt-get", "apt-cache", "dpkg-deb", "tar")) {
            if (Commands.which(tool).isEmpty()) {
                throw new KernelStoreException(tool + " not found on PATH: fetching the default kernel needs"
                        + " Debian's apt and dpkg tools.\nhelp: pass --vmlinux and --kdir to use a kernel you provide");
            }
        }
        try {
            Files.createDirectories(kernelsDir());
        } catch (IOException e) {
            throw new KernelStoreException("cannot create " + kernelsDir() + ": " + e.getMessage());
        }
        return indexed(locked(pr, () -> fetchLocked(pr)), pr);
    }

    /** What runs while this process holds the store's lock. */
    private interface Locked<T> {
        T run() throws KernelStoreException, IOException;
    }

    /** Runs {@code body} holding the store's lock (fetches of kernels and sources are serialised). */
    private <T> T locked(Progress pr, Locked<T> body) throws KernelStoreException {
        try (FileChannel ch = FileChannel.open(kernelsDir().resolve(".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            lock(ch, pr); // held until the channel closes
            return body.run();
        } catch (IOException e) {
            throw new KernelStoreException("cannot lock " + kernelsDir().resolve(".lock") + ": " + e.getMessage());
        }
    }

    /** The source tree of {@code k} if it was fetched (nothing is fetched). */
    public static Optional<Path> sourceOf(KernelInstall k) {
        return KernelSourceTree.installed(k.root().getParent());
    }

    /**
     * The kernel's own source tree, of the exact Debian package version of {@code k} (Debian's
     * {@code linux-source-X.Y}, with Debian's patches applied), fetched and extracted into
     * {@code <release>/source} once. Updates include the kernel's internal headers from it.
     */
    public Path source(KernelInstall k, PrintStream progress) throws KernelStoreException {
        Path releaseDir = k.root().getParent();
        Optional<Path> have = KernelSourceTree.installed(releaseDir);
        if (have.isPresent()) {
            return have.get();
        }
        Progress pr = new Progress(progress);
        String version = KernelMarker.version(releaseDir).orElseThrow(() -> new KernelStoreException(
                "the kernel in " + releaseDir + " records no package version\nhelp: fetch it again with"
                        + " `dynamos kernel fetch`, or pass --ksrc DIR"));
        return locked(pr, () -> {
            Optional<Path> fetched = KernelSourceTree.installed(releaseDir);
            if (fetched.isPresent()) {
                return fetched.get(); // by another process meanwhile
            }
            String pkg = "linux-source-" + new KernelPackages(k.release().substring(0,
                    k.release().length() - FLAVOUR.length() - 1), FLAVOUR, version).majorMinor();
            PrivateApt apt = updatedApt(pr).apt();
            Map<String, String> available = KernelPackageSelector.versions(apt.policy(List.of(pkg)), pkg);
            if (!available.containsKey(version)) {
                throw new KernelStoreException("Debian's mirrors no longer carry " + pkg + " " + version
                        + " (the source of " + k.release() + "; they have " + String.join(", ", available.keySet())
                        + ")\nhelp: `dynamos kernel fetch` the newest kernel, or pass --ksrc DIR with the source tree"
                        + " of this one");
            }
            return KernelSourceTree.install(apt, pkg, version, releaseDir, pr);
        });
    }

    /**
     * Builds the kernel's index for fast checks unless a current one is there (once per kernel;
     * written atomically, so concurrent builders at worst both build it). A kernel that cannot be
     * indexed is still usable: checks then read its vmlinux, more slowly.
     */
    private static KernelInstall indexed(KernelInstall k, Progress pr) {
        if (KernelIndex.isCurrent(k.index(), k.vmlinux())) {
            return k;
        }
        Progress.Step step = pr.step("indexing " + k.vmlinux().getFileName() + " for fast checks (once per kernel)");
        try {
            KernelIndex.build(k.vmlinux(), k.index());
            step.done(Progress.megabytes(Files.size(k.index())) + " in " + k.index());
        } catch (IOException | RuntimeException e) {
            pr.say("warning: cannot index " + k.vmlinux() + " (" + e.getMessage() + "); checks will read the vmlinux,"
                    + " more slowly");
        }
        return k;
    }

    /** {@link #fetch} once this process holds the store's lock. */
    private KernelInstall fetchLocked(Progress pr) throws KernelStoreException, IOException {
        removeLeftovers(pr);
        Resolved resolved;
        try {
            resolved = resolve(pr);
        } catch (KernelStoreException e) {
            Optional<KernelInstall> have = installed();
            if (have.isEmpty()) {
                throw e;
            }
            pr.say("warning: " + e.getMessage().lines().findFirst().orElse(""));
            pr.say("keeping the installed kernel " + have.get().release());
            return have.get();
        }
        Path target = kernelsDir().resolve(resolved.packages().release());
        Optional<KernelInstall> existing = KernelMarker.read(target);
        if (existing.isPresent()) {
            pr.say("kernel " + resolved.packages().release() + " is already installed in " + target + "; nothing to do");
            CompilerCheck.requireFor(existing.get());
            return existing.get();
        }
        return install(resolved, target, pr);
    }

    /** What apt says the newest kernel is. */
    private record Resolved(KernelPackages packages, String series) {}

    /** The private apt configuration on the host's mirrors, its package lists just updated. */
    private record UpdatedApt(PrivateApt apt, DebianMirrors mirrors) {}

    private UpdatedApt updatedApt(Progress pr) throws KernelStoreException {
        PrivateApt apt = new PrivateApt(cacheDir.resolve("apt"));
        Progress.Step update = pr.step("updating the private Debian " + CODENAME + " package lists");
        DebianMirrors mirrors;
        try {
            mirrors = DebianMirrors.fromHost(AptSourcesParser.readHost(etcApt), env);
        } catch (IOException e) {
            throw new KernelStoreException("cannot read the host's apt configuration in " + etcApt + ": " + e.getMessage());
        }
        apt.configure(mirrors.sourcesList(CODENAME, keyFile(mirrors)));
        Commands.Result r = apt.update(pr::echo);
        if (!r.ok()) {
            throw new KernelStoreException("cannot update the Debian " + CODENAME + " package lists from "
                    + mirrors.archive() + " and " + mirrors.security() + ":\n" + r.tail());
        }
        update.done("mirrors " + mirrors.archive() + ", " + mirrors.security());
        return new UpdatedApt(apt, mirrors);
    }

    private Resolved resolve(Progress pr) throws KernelStoreException {
        UpdatedApt updated = updatedApt(pr);
        PrivateApt apt = updated.apt();
        DebianMirrors mirrors = updated.mirrors();
        Progress.Step choose = pr.step("choosing the newest " + CODENAME + " " + FLAVOUR + " kernel");
        String meta = KernelPackageSelector.metapackage(FLAVOUR);
        String metaVersion = KernelPackageSelector.candidate(apt.policy(List.of(meta)), meta)
                .orElseThrow(() -> new KernelStoreException("Debian " + CODENAME + " has no " + meta
                        + " package on " + mirrors.archive()));
        String series = KernelPackageSelector.series(apt.show(meta, metaVersion), FLAVOUR);
        String majorMinor = new KernelPackages(series + "0", FLAVOUR, "").majorMinor();
        String search = apt.searchNames("^linux-(image|headers|kbuild)-" + majorMinor.replace(".", "\\."));
        String abi = KernelPackageSelector.newestAbi(series, FLAVOUR, search);
        KernelPackages probe = new KernelPackages(abi, FLAVOUR, "");
        Map<String, String> versions = KernelPackageSelector.candidates(apt.policy(probe.all()));
        for (String pkg : probe.all()) {
            if (!versions.containsKey(pkg)) {
                throw new KernelStoreException("package " + pkg + " has no installable version in Debian " + CODENAME);
            }
        }
        KernelPackages packages = new KernelPackages(abi, FLAVOUR, versions.get(probe.image()));
        choose.done(packages.release() + ", package version " + packages.version());
        return new Resolved(packages, series);
    }

    private KernelInstall install(Resolved resolved, Path target, Progress pr) throws KernelStoreException {
        KernelPackages pkgs = resolved.packages();
        Path partial = kernelsDir().resolve(pkgs.release() + ".partial-" + ProcessHandle.current().pid());
        Path debs = partial.resolve("debs");
        Path root = partial.resolve("root");
        return staged(partial, "the kernel", () -> {
            Files.createDirectories(debs);
            Files.createDirectories(root);

            PrivateApt apt = new PrivateApt(cacheDir.resolve("apt"));
            Map<String, String> versions = KernelPackageSelector.candidates(apt.policy(pkgs.all()));
            Progress.Step download = pr.step("downloading " + pkgs.all().size() + " packages of " + pkgs.release());
            apt.download(pkgs.all().stream().map(p -> p + "=" + versions.get(p)).toList(), debs, pr::echo);
            long total = 0;
            for (String p : pkgs.all()) {
                total += Files.size(deb(debs, p));
            }
            download.done(Progress.megabytes(total));

            List<String> full = new ArrayList<>();
            full.add(pkgs.image());
            full.addAll(pkgs.buildPackages());
            for (String p : full) {
                Path deb = deb(debs, p);
                Progress.Step x = pr.step("extracting " + p + " (" + Progress.megabytes(Files.size(deb)) + ")");
                Commands.check(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), null, null, "extracting " + p);
                x.done("");
            }
            Path dbg = deb(debs, pkgs.debug());
            Progress.Step x = pr.step("extracting vmlinux from " + pkgs.debug() + " (" + Progress.megabytes(Files.size(dbg)) + ")");
            extractVmlinux(dbg, root);
            Path vmlinux = partial.resolve(KernelMarker.vmlinux(pkgs.release()));
            if (!Files.isRegularFile(vmlinux)) {
                throw new KernelStoreException(pkgs.debug() + " holds no " + KernelMarker.vmlinux(pkgs.release()).subpath(1, 6));
            }
            x.done("vmlinux " + Progress.megabytes(Files.size(vmlinux)));

            Path finalRoot = target.resolve("root");
            repointHeaders(partial.resolve(KernelMarker.kdir(pkgs.release())), finalRoot);
            relinkModulesDir(root, pkgs.release());
            for (Path p : List.of(KernelMarker.vmlinuz(pkgs.release()), KernelMarker.kdir(pkgs.release()).resolve("Makefile"))) {
                if (!Files.exists(partial.resolve(p))) {
                    throw new KernelStoreException("the extracted packages lack " + p + "; unexpected package layout");
                }
            }
            CompilerCheck.require(CompilerCheck.compilerOf(partial.resolve(KernelMarker.kdir(pkgs.release()))));
            deleteQuietly(debs);

            KernelMarker.write(partial, pkgs, resolved.series());
            publish(partial, target);
            pr.say("kernel " + pkgs.release() + " installed in " + target);
            return KernelMarker.read(target).orElseThrow(() ->
                    new KernelStoreException("the installed kernel in " + target + " does not read back; please report this"));
        });
    }

    /** What is built in a {@code .partial} directory before it is published. */
    interface Staged<T> {
        T build() throws IOException, KernelStoreException;
    }

    /**
     * Runs {@code body}, which builds {@code partial} and publishes it: if it fails, or the JVM
     * exits meanwhile, {@code partial} is removed, so no half-built directory is left.
     *
     * @param what what is installed, for the message of an I/O error ({@code the kernel})
     */
    static <T> T staged(Path partial, String what, Staged<T> body) throws KernelStoreException {
        Thread cleanup = new Thread(() -> deleteQuietly(partial), "dynamos-fetch-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean done = false;
        try {
            T result = body.build();
            done = true;
            return result;
        } catch (IOException e) {
            throw new KernelStoreException("cannot install " + what + " into " + partial + ": " + e.getMessage());
        } finally {
            if (!done) {
                deleteQuietly(partial);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs.
            }
        }
    }

    /** The downloaded file of package {@code name} ({@code name_version_arch.deb}). */
    static Path deb(Path debs, String name) throws IOException, KernelStoreException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(debs, name + "_*.deb")) {
            for (Path p : ds) {
                return p;
            }
        }
        throw new KernelStoreException("apt-get download left no " + name + " package in " + debs);
    }

    /** Only {@code ./usr/lib/debug/boot/vmlinux-*} of the 283 MB debug package. */
    private static void extractVmlinux(Path dbg, Path root) throws IOException, KernelStoreException {
        Commands.pipeline(List.of(
                new ProcessBuilder("dpkg-deb", "--fsys-tarfile", dbg.toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD),
                new ProcessBuilder("tar", "-x", "-C", root.toString(), "--wildcards", "./usr/lib/debug/boot/vmlinux-*")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)),
                "extracting vmlinux from " + dbg.getFileName(), "");
    }

    /**
     * The flavour headers' Makefile includes the common headers' by absolute path under
     * /usr/src; point it at the common headers inside {@code finalRoot} (where the install will
     * live once renamed into place).
     */
    static void repointHeaders(Path kdir, Path finalRoot) throws IOException, KernelStoreException {
        Path makefile = kdir.resolve("Makefile");
        String text = Files.readString(makefile);
        var m = MAKEFILE_INCLUDE.matcher(text);
        if (!m.find()) {
            throw new KernelStoreException(makefile + " does not include /usr/src/linux-headers-*/Makefile;"
                    + " unexpected Debian headers layout");
        }
        String repointed = m.replaceAll(r -> "include " + finalRoot.resolve("usr/src").resolve(r.group(1))
                .resolve("Makefile").toString().replace("\\", "\\\\").replace("$", "\\$"));
        Files.writeString(makefile, repointed);
    }

    /** Makes {@code lib/modules/<release>/build} and {@code source} relative links inside the root. */
    private static void relinkModulesDir(Path root, String release) throws IOException {
        Path modules = root.resolve("lib/modules").resolve(release);
        if (!Files.isDirectory(modules)) {
            return;
        }
        String abi = release.substring(0, release.length() - FLAVOUR.length() - 1);
        relink(modules.resolve("build"), Path.of("../../../usr/src/linux-headers-" + release));
        relink(modules.resolve("source"), Path.of("../../../usr/src/linux-headers-" + abi + "-common"));
    }

    private static void relink(Path link, Path target) throws IOException {
        if (Files.isSymbolicLink(link)) {
            Files.delete(link);
            Files.createSymbolicLink(link, target);
        }
    }

    /**
     * Renames the finished {@code partial} directory to {@code target} in one step. A directory
     * already at {@code target} has no valid marker (it was checked): it is moved aside first
     * and removed afterwards.
     */
    static void publish(Path partial, Path target) throws IOException {
        Path aside = null;
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            aside = target.resolveSibling(target.getFileName() + ".stale-" + ProcessHandle.current().pid());
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        if (aside != null) {
            deleteQuietly(aside);
        }
    }

    /** Removes directories left by interrupted fetches (we hold the lock, so none is in progress). */
    private void removeLeftovers(Progress pr) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(kernelsDir())) {
            for (Path p : ds) {
                if (LEFTOVER.matcher(p.getFileName().toString()).matches()) {
                    pr.say("removing " + p + ", left by an interrupted fetch");
                    deleteQuietly(p);
                }
            }
        }
    }

    private static FileLock lock(FileChannel ch, Progress pr) throws IOException, KernelStoreException {
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                pr.say("waiting for another dynamos process fetching a kernel ...");
                lock = ch.lock();
            }
            return lock;
        } catch (OverlappingFileLockException e) {
            throw new KernelStoreException("a kernel fetch is already running in this process");
        }
    }

    private Optional<String> keyFile(DebianMirrors mirrors) {
        Optional<String> hostKey = mirrors.signedBy().filter(k -> Files.isRegularFile(Path.of(k)));
        if (hostKey.isPresent()) {
            return hostKey;
        }
        return Files.isRegularFile(DEBIAN_KEYRING) ? Optional.of(DEBIAN_KEYRING.toString()) : Optional.empty();
    }

    /** Orders ABIs such as {@code 6.1.0-9} &lt; {@code 6.1.0-57} numerically, part by part. */
    static int compareAbi(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long u = i < x.length ? parse(x[i]) : -1;
            long v = i < y.length ? parse(y[i]) : -1;
            if (u != v) {
                return Long.compare(u, v);
            }
        }
        return 0;
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Best effort: a leftover is removed by the next fetch.
        }
    }
}
