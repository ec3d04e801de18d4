package org.dynamos.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Really fetches the default kernel (324 MB download, 750 MB on disk, about 25 s here) into a
 * temporary store. Opt in with {@code DYNAMOS_TEST_NETWORK=1}.
 */
@Tag("network")
@Tag("slow")
@EnabledIfEnvironmentVariable(named = "DYNAMOS_TEST_NETWORK", matches = "1")
class KernelFetchNetworkTest {

    @Test
    void fetchesOnceThenDoesNothing(@TempDir Path cache) throws Exception {
        KernelStore store = new KernelStore(cache);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        KernelInstall k = store.fetch(new PrintStream(log, true, StandardCharsets.UTF_8));
        assertTrue(k.release().matches("6\\.1\\.0-\\d+-cloud-amd64"), k.release());
        assertTrue(Files.size(k.vmlinux()) > 100_000_000L);
        assertTrue(Files.isRegularFile(k.vmlinuz()));
        assertTrue(Files.readString(k.kdir().resolve("Makefile")).contains(k.root().toString()));
        assertEquals(k, store.installed().orElseThrow());

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(k, store.fetch(new PrintStream(again, true, StandardCharsets.UTF_8)));
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("nothing to do"), again.toString(StandardCharsets.UTF_8));
        try (var s = Files.list(store.kernelsDir())) {
            assertEquals(1, s.filter(Files::isDirectory).count(), "no partial directory left");
        }
    }
}
