package org.dynamos.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpioWriterTest {

    @Test
    void headerFieldsAndFourByteAlignment() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioWriter cpio = new CpioWriter(bytes)) {
            cpio.file("a", "xyz".getBytes(StandardCharsets.US_ASCII), 0644);
        }
        String s = bytes.toString(StandardCharsets.ISO_8859_1);
        // magic, ino 1, mode 0100644, uid, gid, nlink 1, mtime 0, size 3, dev 0:0, rdev 0:0, namesize 2, check 0
        assertEquals("070701" + "00000001" + "000081a4" + "00000000" + "00000000" + "00000001" + "00000000"
                + "00000003" + "00000000" + "00000000" + "00000000" + "00000000" + "00000002" + "00000000", s.substring(0, 110));
        assertEquals("a\0", s.substring(110, 112));      // 112 is aligned: no padding after the name
        assertEquals("xyz\0", s.substring(112, 116));    // data padded to 116
        assertTrue(s.substring(116).startsWith("070701"));
        assertTrue(s.contains("TRAILER!!!\0"));
        assertEquals(0, bytes.size() % 4);
    }

    @Test
    void namesMustBeRelativeAndNothingFollowsTheTrailer() throws Exception {
        CpioWriter cpio = new CpioWriter(new ByteArrayOutputStream());
        assertThrows(IllegalArgumentException.class, () -> cpio.directory("/abs", 0755));
        cpio.finish();
        assertThrows(IllegalStateException.class, () -> cpio.directory("late", 0755));
    }

    @Test
    void cpioToolReadsBackEveryKindOfEntry(@TempDir Path dir) throws Exception {
        List<String> cpioTool = cpioTool();
        Path archive = dir.resolve("t.cpio");
        try (CpioWriter cpio = new CpioWriter(Files.newOutputStream(archive))) {
            cpio.directory("dev", 0755);
            cpio.charDevice("dev/console", 5, 1, 0600);
            cpio.directory("lib", 0755);
            cpio.file("lib/odd.txt", "five\n".getBytes(StandardCharsets.UTF_8), 0644);
            cpio.file("lib/empty", new byte[0], 0600);
            cpio.symlink("lib/link", "odd.txt");
        }
        String listing = run(dir, archive, cpioTool, "-t", "-v");
        if (cpioTool.get(0).endsWith("busybox")) {
            // busybox's listing shows the type and mode but no device numbers
            assertTrue(listing.matches("(?s).*c[rw-]{9}\\s.*dev/console.*"), listing);
        } else {
            assertTrue(listing.matches("(?s).*c[rw-]{9}\\s+1\\s+\\S+\\s+\\S+\\s+5,\\s*1 .*dev/console.*"), listing);
        }
        assertTrue(listing.contains("lib/link -> odd.txt"), listing);
        assertEquals(List.of("dev", "dev/console", "lib", "lib/odd.txt", "lib/empty", "lib/link"),
                run(dir, archive, cpioTool, "-t").lines().filter(l -> !l.matches("\\d+ blocks?")).toList());
        Path out = Files.createDirectories(dir.resolve("x"));
        run(out, archive, cpioTool, "-i", "-d", "lib/odd.txt", "lib/link");
        assertEquals("five\n", Files.readString(out.resolve("lib/odd.txt")));
        assertEquals("odd.txt", Files.readSymbolicLink(out.resolve("lib/link")).toString());
    }

    /** GNU cpio or busybox's applet; skipped when the host has neither. */
    static List<String> cpioTool() {
        Optional<Path> cpio = HostTools.which("cpio");
        if (cpio.isPresent()) {
            return List.of(cpio.get().toString(), "--quiet");
        }
        Optional<Path> bb = HostTools.which("busybox", "/bin");
        Assumptions.assumeTrue(bb.isPresent(), "neither cpio nor busybox on this host");
        return List.of(bb.get().toString(), "cpio");
    }

    static String run(Path cwd, Path archive, List<String> tool, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(tool);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectInput(archive.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
