package org.dynamos.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelStoreTest {

    @Test
    void cacheDirectoryHonoursDynamosCacheThenXdg() {
        assertEquals(Path.of("/c/own"), KernelStore.defaultCacheDir(
                Map.of("DYNAMOS_CACHE", "/c/own", "XDG_CACHE_HOME", "/x"), "/home/u"));
        assertEquals(Path.of("/x/dynamos"), KernelStore.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/x"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/dynamos"),
                KernelStore.defaultCacheDir(Map.of("XDG_CACHE_HOME", "relative"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/dynamos"), KernelStore.defaultCacheDir(Map.of(), "/home/u"));
    }

    @Test
    void nothingInstalledInAnEmptyStore(@TempDir Path cache) {
        assertEquals(Optional.empty(), new KernelStore(cache).installed());
    }

    @Test
    void directoriesWithoutMarkerOrLeftByInterruptedFetchesAreNeverUsed(@TempDir Path cache) throws Exception {
        KernelStore store = new KernelStore(cache);
        fakeExtraction(store.kernelsDir().resolve("6.1.0-57-cloud-amd64"), "6.1.0-57");
        Path partial = store.kernelsDir().resolve("6.1.0-58-cloud-amd64.partial-4242");
        fakeExtraction(partial, "6.1.0-58");
        KernelMarker.write(partial, pkgs("6.1.0-58"), "6.1.0-");
        assertEquals(Optional.empty(), store.installed());
    }

    @Test
    void markerReadsBackAndNewestAbiWins(@TempDir Path cache) throws Exception {
        KernelStore store = new KernelStore(cache);
        for (String abi : new String[] {"6.1.0-9", "6.1.0-57", "6.1.0-10"}) {
            Path dir = store.kernelsDir().resolve(abi + "-cloud-amd64");
            fakeExtraction(dir, abi);
            KernelMarker.write(dir, pkgs(abi), "6.1.0-");
        }
        KernelInstall k = store.installed().orElseThrow();
        Path dir = store.kernelsDir().resolve("6.1.0-57-cloud-amd64").toAbsolutePath();
        assertEquals(new KernelInstall("6.1.0-57-cloud-amd64", dir.resolve("root"),
                dir.resolve("root/usr/lib/debug/boot/vmlinux-6.1.0-57-cloud-amd64"),
                dir.resolve("root/boot/vmlinuz-6.1.0-57-cloud-amd64"),
                dir.resolve("root/usr/src/linux-headers-6.1.0-57-cloud-amd64")), k);
    }

    @Test
    void theInstalledKernelIsIndexedOnceOnFirstUse(@TempDir Path cache, @TempDir Path build) throws Exception {
        KernelStore store = new KernelStore(cache, build, Map.of());
        Path dir = store.kernelsDir().resolve("6.1.0-57-cloud-amd64");
        fakeExtraction(dir, "6.1.0-57");
        Path vmlinux = dir.resolve(KernelMarker.vmlinux("6.1.0-57-cloud-amd64"));
        Files.copy(org.dynamos.image.ElfFixtures.fakeVmlinux(build), vmlinux, StandardCopyOption.REPLACE_EXISTING);
        KernelMarker.write(dir, pkgs("6.1.0-57"), "6.1.0-");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        KernelInstall k = store.require(new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(dir.resolve(org.dynamos.image.KernelIndex.FILE_NAME), k.index());
        assertTrue(org.dynamos.image.KernelIndex.isCurrent(k.index(), k.vmlinux()));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("indexing vmlinux-6.1.0-57-cloud-amd64"), log::toString);
        log.reset();
        store.require(new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals("", log.toString(StandardCharsets.UTF_8), "indexed once");
    }

    @Test
    void markerWhoseFilesVanishedIsIgnored(@TempDir Path cache) throws Exception {
        Path dir = cache.resolve("kernels/6.1.0-57-cloud-amd64");
        fakeExtraction(dir, "6.1.0-57");
        KernelMarker.write(dir, pkgs("6.1.0-57"), "6.1.0-");
        assertTrue(KernelMarker.read(dir).isPresent());
        Files.delete(dir.resolve("root/boot/vmlinuz-6.1.0-57-cloud-amd64"));
        assertFalse(KernelMarker.read(dir).isPresent());
    }

    @Test
    void publishReplacesAnIncompleteDirectoryInOneRename(@TempDir Path cache) throws Exception {
        Path target = cache.resolve("6.1.0-57-cloud-amd64");
        fakeExtraction(target, "6.1.0-57");                   // made by hand, no marker
        Path partial = cache.resolve("6.1.0-57-cloud-amd64.partial-1");
        fakeExtraction(partial, "6.1.0-57");
        KernelMarker.write(partial, pkgs("6.1.0-57"), "6.1.0-");
        KernelStore.publish(partial, target);
        assertFalse(Files.exists(partial));
        assertTrue(KernelMarker.read(target).isPresent());
        try (var s = Files.list(cache)) {
            assertEquals(1, s.count(), "the replaced directory is gone");
        }
    }

    @Test
    void headersMakefileIsRepointedIntoTheStore(@TempDir Path dir) throws Exception {
        Path kdir = Files.createDirectories(dir.resolve("root/usr/src/linux-headers-6.1.0-57-cloud-amd64"));
        Files.writeString(kdir.resolve("Makefile"), "include /usr/src/linux-headers-6.1.0-57-common/Makefile\n");
        KernelStore.repointHeaders(kdir, Path.of("/cache/kernels/6.1.0-57-cloud-amd64/root"));
        assertEquals("include /cache/kernels/6.1.0-57-cloud-amd64/root/usr/src/linux-headers-6.1.0-57-common/Makefile\n",
                Files.readString(kdir.resolve("Makefile")));
        Files.writeString(kdir.resolve("Makefile"), "all:\n");
        assertThrows(KernelStoreException.class, () -> KernelStore.repointHeaders(kdir, dir));
    }

    @Test
    void compilerIsReadFromKernelVariables(@TempDir Path kdir) throws Exception {
        Files.writeString(kdir.resolve(".kernelvariables"), """
                override ARCH = x86
                CCACHE = ccache
                CC = $(if $(DEBIAN_KERNEL_USE_CCACHE),$(CCACHE)) $(CROSS_COMPILE)gcc-12
                """);
        assertEquals("gcc-12", CompilerCheck.compilerOf(kdir));
        KernelStoreException e = assertThrows(KernelStoreException.class, () -> CompilerCheck.require("gcc-no-such-99"));
        assertTrue(e.getMessage().contains("apt-get install gcc-no-such-99"), e.getMessage());
    }

    @Test
    void fetchWithoutReachableMirrorsKeepsTheInstalledKernelAndCleansLeftovers(@TempDir Path cache, @TempDir Path etcApt)
            throws Exception {
        assumeFetchTools();
        KernelStore store = new KernelStore(cache, etcApt, Map.of()); // etcApt is empty: no Debian mirror known
        Path dir = store.kernelsDir().resolve("6.1.0-57-cloud-amd64");
        fakeExtraction(dir, "6.1.0-57");
        KernelMarker.write(dir, pkgs("6.1.0-57"), "6.1.0-");
        Path leftover = Files.createDirectories(store.kernelsDir().resolve("6.1.0-58-cloud-amd64.partial-99999/root"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        KernelInstall k = store.fetch(new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(store.installed().orElseThrow(), k);
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("warning: cannot find the Debian archive and security repositories"), text);
        assertTrue(text.contains("keeping the installed kernel 6.1.0-57-cloud-amd64"), text);
        assertFalse(Files.exists(leftover.getParent()), "a partial directory of an interrupted fetch is removed");
    }

    @Test
    void fetchWithNothingInstalledAndNoMirrorSaysWhatToDo(@TempDir Path cache, @TempDir Path etcApt) {
        assumeFetchTools();
        KernelStore store = new KernelStore(cache, etcApt, Map.of());
        KernelStoreException e = assertThrows(KernelStoreException.class,
                () -> store.fetch(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("help: set DYNAMOS_DEBIAN_MIRROR"), e.getMessage());
        assertEquals(Optional.empty(), store.installed());
    }

    private static void assumeFetchTools() {
        for (String tool : new String[] {CompilerCheck.BOOKWORM_COMPILER, "apt-get", "apt-cache", "dpkg-deb", "tar"}) {
            Assumptions.assumeTrue(Commands.which(tool).isPresent(), tool + " is not installed");
        }
    }

    private static KernelPackages pkgs(String abi) {
        return new KernelPackages(abi, "cloud-amd64", "6.1.192-3");
    }

    private static void fakeExtraction(Path dir, String abi) throws Exception {
        String release = abi + "-cloud-amd64";
        for (Path p : new Path[] {KernelMarker.vmlinux(release), KernelMarker.vmlinuz(release),
                KernelMarker.kdir(release).resolve("Makefile")}) {
            Files.createDirectories(dir.resolve(p).getParent());
            Files.writeString(dir.resolve(p), "x");
        }
    }
}
