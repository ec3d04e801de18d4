package org.dynamos.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptSourcesParserTest {

    static final String DEBIAN_12_DEB822 = """
            Types: deb
            # http://snapshot.debian.org/archive/debian/20250520T000000Z
            URIs: http://mirror.example/debian
            Suites: bookworm bookworm-updates
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb
            # http://snapshot.debian.org/archive/debian-security/20250520T000000Z
            URIs: http://mirror.example/debian-security
            Suites: bookworm-security
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
            """;

    @Test
    void deb822StanzasGiveOneRepositoryEach() {
        List<AptRepository> repos = AptSourcesParser.parseDeb822(DEBIAN_12_DEB822);
        assertEquals(2, repos.size());
        assertEquals(new AptRepository(List.of("http://mirror.example/debian"), List.of("bookworm", "bookworm-updates"),
                List.of("main"), Optional.of("/usr/share/keyrings/debian-archive-keyring.gpg")), repos.get(0));
        assertEquals(List.of("bookworm-security"), repos.get(1).suites());
    }

    @Test
    void deb822SkipsSourceOnlyAndDisabledStanzasAndDropsEmbeddedKeys() {
        String text = """
                Types: deb-src
                URIs: http://src.example/debian
                Suites: trixie
                Components: main

                Types: deb
                Enabled: no
                URIs: http://off.example/debian
                Suites: trixie
                Components: main

                Types: deb deb-src
                URIs: http://on.example/debian
                Suites: trixie
                Components: main contrib
                Signed-By:
                 -----BEGIN PGP PUBLIC KEY BLOCK-----
                 .
                 mQINBGPL0BUBEADmW5NlOhqSvb8Kt+Mv3ocsW8Hbi9yV8M8xY5zwGYY1c1ZyeNzL
                 -----END PGP PUBLIC KEY BLOCK-----
                """;
        List<AptRepository> repos = AptSourcesParser.parseDeb822(text);
        assertEquals(1, repos.size());
        assertEquals(List.of("http://on.example/debian"), repos.get(0).uris());
        assertEquals(List.of("main", "contrib"), repos.get(0).components());
        assertEquals(Optional.empty(), repos.get(0).signedBy());
    }

    @Test
    void oneLineFormatWithOptionsCommentsAndSourceLines() {
        String text = """
                # comment
                deb http://mirror.example/debian bookworm main contrib non-free-firmware
                deb-src http://mirror.example/debian bookworm main
                deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example/debian-security bookworm-security main # trailing
                deb https://packages.example.com/apt cloud-sdk main
                """;
        List<AptRepository> repos = AptSourcesParser.parseOneLine(text);
        assertEquals(3, repos.size());
        assertEquals(List.of("bookworm"), repos.get(0).suites());
        assertEquals(List.of("main", "contrib", "non-free-firmware"), repos.get(0).components());
        assertEquals(new AptRepository(List.of("http://mirror.example/debian-security"), List.of("bookworm-security"),
                List.of("main"), Optional.of("/usr/share/keyrings/debian-archive-keyring.gpg")), repos.get(1));
    }

    @Test
    void hostConfigurationReadsListAndSourcesFilesOnly(@TempDir Path etc) throws Exception {
        Files.writeString(etc.resolve("sources.list"), "deb http://one.example/debian bookworm main\n");
        Files.createDirectories(etc.resolve("sources.list.d"));
        Files.writeString(etc.resolve("sources.list.d/debian.sources"), DEBIAN_12_DEB822);
        Files.writeString(etc.resolve("sources.list.d/x.list.disabled"), "deb http://off.example/debian bookworm main\n");
        Files.writeString(etc.resolve("sources.list.d/y.list"), "deb http://two.example/debian bookworm main\n");
        List<String> uris = AptSourcesParser.readHost(etc).stream().map(r -> r.uris().get(0)).toList();
        assertEquals(List.of("http://one.example/debian", "http://mirror.example/debian",
                "http://mirror.example/debian-security", "http://two.example/debian"), uris);
    }
}
