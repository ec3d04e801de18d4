package org.dynamos.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DebianMirrorsTest {

    @Test
    void debian12HostGivesArchiveAndSecurity() throws Exception {
        DebianMirrors m = DebianMirrors.fromHost(AptSourcesParser.parseDeb822(AptSourcesParserTest.DEBIAN_12_DEB822), Map.of());
        assertEquals("http://mirror.example/debian", m.archive());
        assertEquals("http://mirror.example/debian-security", m.security());
        assertEquals(Optional.of("/usr/share/keyrings/debian-archive-keyring.gpg"), m.signedBy());
    }

    @Test
    void debian13HostAndThirdPartyRepositories() throws Exception {
        List<AptRepository> repos = new ArrayList<>();
        repos.addAll(AptSourcesParser.parseOneLine("deb https://packages.example.com/apt cloud-sdk-bookworm main\n"
                + "deb [signed-by=/usr/share/keyrings/vendor.gpg] https://vendor.example/debian trixie main\n"));
        repos.addAll(AptSourcesParser.parseDeb822("""
                Types: deb
                URIs: https://deb.nodesource.example/node_20.x
                Suites: nodistro
                Components: main

                Types: deb
                URIs: http://mirror.example/debian/
                Suites: trixie trixie-updates
                Components: main non-free-firmware
                Signed-By: /usr/share/keyrings/debian-archive-keyring.pgp

                Types: deb
                URIs: http://security.example/debian-security
                Suites: trixie-security
                Components: main non-free-firmware
                Signed-By: /usr/share/keyrings/debian-archive-keyring.pgp
                """));
        DebianMirrors m = DebianMirrors.fromHost(repos, Map.of());
        assertEquals("http://mirror.example/debian", m.archive());
        assertEquals("http://security.example/debian-security", m.security());
    }

    @Test
    void oldSecuritySuiteSpelling() throws Exception {
        DebianMirrors m = DebianMirrors.fromHost(AptSourcesParser.parseOneLine(
                "deb http://a.example/debian buster main\ndeb http://s.example/debian-security buster/updates main\n"), Map.of());
        assertEquals("http://s.example/debian-security", m.security());
    }

    @Test
    void environmentOverridesAndMissingRepositoriesAreExplained() throws Exception {
        List<AptRepository> ubuntu = AptSourcesParser.parseOneLine("deb http://archive.example/ubuntu noble main\n");
        KernelStoreException e = assertThrows(KernelStoreException.class, () -> DebianMirrors.fromHost(ubuntu, Map.of()));
        assertTrue(e.getMessage().contains(DebianMirrors.ARCHIVE_ENV), e.getMessage());
        DebianMirrors m = DebianMirrors.fromHost(ubuntu, Map.of(DebianMirrors.ARCHIVE_ENV, "http://a/debian",
                DebianMirrors.SECURITY_ENV, "http://s/debian-security"));
        assertEquals("http://a/debian", m.archive());
    }

    @Test
    void privateSourcesListChangesOnlyTheSuites() {
        DebianMirrors m = new DebianMirrors("http://a.example/debian", "http://s.example/debian-security", Optional.empty());
        assertEquals("""
                # Written by dynamos: Debian bookworm on this host's mirrors.
                deb [signed-by=/k.gpg] http://a.example/debian bookworm main
                deb [signed-by=/k.gpg] http://a.example/debian bookworm-updates main
                deb [signed-by=/k.gpg] http://s.example/debian-security bookworm-security main
                """, m.sourcesList("bookworm", Optional.of("/k.gpg")));
    }
}
