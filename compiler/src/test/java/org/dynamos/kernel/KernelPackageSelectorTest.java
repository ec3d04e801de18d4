package org.dynamos.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelPackageSelectorTest {

    static final String SHOW_METAPACKAGE = """
            Package: linux-image-cloud-amd64
            Source: linux-signed-amd64 (6.1.192+2)
            Version: 6.1.192-2
            Installed-Size: 13
            Depends: linux-image-6.1.0-56-cloud-amd64 (= 6.1.192-2)
            Description-en: Linux for x86-64 cloud (meta-package)
            """;

    /** Abridged {@code apt-cache search --names-only '^linux-(image|headers|kbuild)-6\.1'} of bookworm. */
    static final String SEARCH = """
            linux-headers-6.1.0-56-cloud-amd64 - Header files for Linux 6.1.0-56-cloud-amd64
            linux-headers-6.1.0-56-common - Common header files for Linux 6.1.0-56
            linux-headers-6.1.0-57-amd64 - Header files for Linux 6.1.0-57-amd64
            linux-headers-6.1.0-57-cloud-amd64 - Header files for Linux 6.1.0-57-cloud-amd64
            linux-headers-6.1.0-57-common - Common header files for Linux 6.1.0-57
            linux-headers-6.1.0-58-cloud-amd64 - Header files for Linux 6.1.0-58-cloud-amd64
            linux-headers-6.1.0-58-common - Common header files for Linux 6.1.0-58
            linux-headers-6.1.0-9-cloud-amd64 - Header files for Linux 6.1.0-9-cloud-amd64
            linux-headers-6.1.0-9-common - Common header files for Linux 6.1.0-9
            linux-image-6.1.0-56-cloud-amd64-dbg - Debug symbols for linux-image-6.1.0-56-cloud-amd64
            linux-image-6.1.0-56-cloud-amd64-unsigned - Linux 6.1 for x86-64 cloud
            linux-image-6.1.0-57-cloud-amd64-dbg - Debug symbols for linux-image-6.1.0-57-cloud-amd64
            linux-image-6.1.0-57-cloud-amd64-unsigned - Linux 6.1 for x86-64 cloud
            linux-image-6.1.0-58-cloud-amd64-unsigned - Linux 6.1 for x86-64 cloud
            linux-image-6.1.0-9-cloud-amd64-dbg - Debug symbols for linux-image-6.1.0-9-cloud-amd64
            linux-image-6.1.0-9-cloud-amd64-unsigned - Linux 6.1 for x86-64 cloud
            linux-image-6.12.117+deb12-cloud-amd64-dbg - Debug symbols for linux-image-6.12.117+deb12-cloud-amd64
            linux-image-6.12.117+deb12-cloud-amd64-unsigned - Linux 6.12 for x86-64 cloud
            linux-headers-6.12.117+deb12-cloud-amd64 - Header files for Linux 6.12.117+deb12-cloud-amd64
            linux-headers-6.12.117+deb12-common - Common header files for Linux 6.12.117+deb12
            linux-kbuild-6.1 - Kbuild infrastructure for Linux 6.1
            linux-kbuild-6.12.117+deb12 - Kbuild infrastructure for Linux 6.12.117+deb12
            """;

    @Test
    void seriesComesFromTheMetapackageDependency() throws Exception {
        assertEquals("6.1.0-", KernelPackageSelector.series(SHOW_METAPACKAGE, "cloud-amd64"));
        assertEquals("6.1.0-", KernelPackageSelector.series("""
                linux-image-cloud-amd64
                  Depends: linux-image-6.1.0-56-cloud-amd64
                """, "cloud-amd64"));
    }

    @Test
    void seriesIgnoresOtherFlavoursAndFailsClearly() {
        KernelStoreException e = assertThrows(KernelStoreException.class, () -> KernelPackageSelector.series(
                "Depends: linux-image-6.1.0-56-cloud-amd64-dbg, linux-image-6.12.117+deb12-cloud-amd64", "cloud-amd64"));
        assertTrue(e.getMessage().contains("linux-image-cloud-amd64"), e.getMessage());
    }

    @Test
    void newestCompleteAbiWinsOverTheMetapackageAndIncompleteUploads() throws Exception {
        // The metapackage still points at 56; 58 lacks its -dbg package; 6.12.x is another series.
        assertEquals("6.1.0-57", KernelPackageSelector.newestAbi("6.1.0-", "cloud-amd64", SEARCH));
    }

    @Test
    void abisCompareNumericallyNotAsText() throws Exception {
        String search = SEARCH.lines().filter(l -> !l.contains("-57-") && !l.contains("-58-") && !l.contains("-56-"))
                .reduce("", (a, b) -> a + b + "\n");
        assertEquals("6.1.0-9", KernelPackageSelector.newestAbi("6.1.0-", "cloud-amd64", search));
        assertTrue(KernelStore.compareAbi("6.1.0-9", "6.1.0-57") < 0);
        assertTrue(KernelStore.compareAbi("6.1.0-57", "6.1.0-57") == 0);
    }

    @Test
    void missingKbuildMeansNoKernel() {
        String search = SEARCH.replace("linux-kbuild-6.1 -", "linux-kbuild-6.1-old -");
        KernelStoreException e = assertThrows(KernelStoreException.class,
                () -> KernelPackageSelector.newestAbi("6.1.0-", "cloud-amd64", search));
        assertTrue(e.getMessage().contains("-dbg"), e.getMessage());
    }

    @Test
    void policyCandidates() {
        String policy = """
                linux-image-6.1.0-57-cloud-amd64-dbg:
                  Installed: (none)
                  Candidate: 6.1.192-3
                  Version table:
                     6.1.192-3 500
                        500 http://mirror.example/debian-security bookworm-security/main amd64 Packages
                linux-kbuild-6.1:
                  Installed: 6.1.176-1
                  Candidate: 6.1.192-3
                  Version table:
                     6.1.192-3 500
                        500 http://mirror.example/debian-security bookworm-security/main amd64 Packages
                     6.1.176-1 500
                        500 http://mirror.example/debian bookworm/main amd64 Packages
                linux-gone:
                  Installed: (none)
                  Candidate: (none)
                  Version table:
                """;
        assertEquals(Map.of("linux-image-6.1.0-57-cloud-amd64-dbg", "6.1.192-3", "linux-kbuild-6.1", "6.1.192-3"),
                KernelPackageSelector.candidates(policy));
        assertEquals(Optional.empty(), KernelPackageSelector.candidate(policy, "linux-gone"));
    }

    @Test
    void packageNamesOfAnAbi() {
        KernelPackages p = new KernelPackages("6.1.0-57", "cloud-amd64", "6.1.192-3");
        assertEquals("6.1.0-57-cloud-amd64", p.release());
        assertEquals(List.of("linux-image-6.1.0-57-cloud-amd64-unsigned", "linux-headers-6.1.0-57-cloud-amd64",
                "linux-headers-6.1.0-57-common", "linux-kbuild-6.1", "linux-image-6.1.0-57-cloud-amd64-dbg"), p.all());
    }

    /** {@code apt-cache policy linux-source-6.1} on bookworm's mirrors: three versions, the candidate first. */
    static final String POLICY_SOURCE = """
            linux-source-6.1:
              Installed: (none)
              Candidate: 6.1.192-3
              Version table:
                 6.1.192-3 500
                    500 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
                 6.1.192-2 500
                    500 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
             *** 6.1.192-1 100
                    100 /var/lib/dpkg/status
            linux-other:
              Installed: (none)
              Candidate: 1.0
              Version table:
                 1.0 500
                    500 http://deb.debian.org/debian bookworm/main amd64 Packages
            """;

    @Test
    void everyVersionOfOnePackageIsListedNotOnlyTheCandidate() {
        Map<String, String> v = KernelPackageSelector.versions(POLICY_SOURCE, "linux-source-6.1");
        assertEquals(List.of("6.1.192-3", "6.1.192-2", "6.1.192-1"), List.copyOf(v.keySet()));
        assertTrue(v.get("6.1.192-2").contains("bookworm-security"), v.toString());
        assertEquals(Map.of(), KernelPackageSelector.versions(POLICY_SOURCE, "linux-source-6.2"));
    }

    @Test
    void aSourcePackageVersionNamesTheTreeVersionItMustHold() {
        assertEquals(Optional.of("6.1.192"), KernelSourceTree.upstream("6.1.192-3"));
        assertEquals(Optional.of("6.1.76"), KernelSourceTree.upstream("6.1.76-1~bpo11+1"));
        assertEquals(Optional.empty(), KernelSourceTree.upstream("6.1"));
    }
}
