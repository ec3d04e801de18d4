package org.dynamos.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitramfsBuilderTest {

    @Test
    void layoutHasBusyboxDevicesModulesStepsAndInitWithParentsFirst(@TempDir Path dir) throws Exception {
        Path busybox = busybox();
        Path ko = Files.writeString(dir.resolve("hello.ko"), "not really a module");
        GuestScript script = new GuestScript(List.of(GuestStep.of("one", "echo 1")), "00c0ffee");
        Initramfs img = new InitramfsBuilder(busybox).module(ko).build(script, dir.resolve("g.cpio.gz"));
        assertEquals(script, img.script());

        Path cpio = dir.resolve("g.cpio");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(img.image()))) {
            Files.copy(in, cpio);
        }
        List<String> names = CpioWriterTest.run(dir, cpio, CpioWriterTest.cpioTool(), "-t").lines().toList();
        for (String expected : List.of("init", "bin/busybox", "bin/sh", "sbin/insmod", "dev/console", "dev/null",
                "lib/dynamos/hello.ko", "dynamos/steps/01-one.sh", "proc", "sys", "tmp")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int slash = name.lastIndexOf('/');
            if (slash > 0) {
                assertTrue(names.subList(0, i).contains(name.substring(0, slash)), "parent of " + name + " comes first");
            }
        }
        Path out = Files.createDirectories(dir.resolve("x"));
        CpioWriterTest.run(out, cpio, CpioWriterTest.cpioTool(), "-i", "-d", "init", "dynamos/steps/01-one.sh");
        assertEquals(script.init(), Files.readString(out.resolve("init")));
        assertEquals("echo 1\n", Files.readString(out.resolve("dynamos/steps/01-one.sh")));
    }

    @Test
    void sameInputSameBytes(@TempDir Path dir) throws Exception {
        Path busybox = busybox();
        GuestScript script = new GuestScript(List.of(GuestStep.of("one", "true")), "1234");
        byte[] a = Files.readAllBytes(new InitramfsBuilder(busybox).build(script, dir.resolve("a")).image());
        byte[] b = Files.readAllBytes(new InitramfsBuilder(busybox).build(script, dir.resolve("b")).image());
        assertTrue(java.util.Arrays.equals(a, b));
    }

    @Test
    void guestPathsAreCheckedAndScriptPathsReserved() {
        InitramfsBuilder b = new InitramfsBuilder(Path.of("/nonexistent"));
        assertEquals("lib/x", InitramfsBuilder.normalise("//lib//x/"));
        assertThrows(IllegalArgumentException.class, () -> InitramfsBuilder.normalise("/lib/../etc"));
        assertThrows(IllegalArgumentException.class, () -> b.file("/init", new byte[0], 0755));
        assertThrows(IllegalArgumentException.class, () -> b.file("/dynamos/steps/x.sh", new byte[0], 0755));
    }

    @Test
    void staticBusyboxIsRecognised() throws Exception {
        Path busybox = busybox();
        assertFalse(HostTools.isDynamicElf(busybox), busybox + " should be static");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertTrue(HostTools.isDynamicElf(java), "the java launcher is dynamically linked");
    }

    static Path busybox() {
        try {
            return HostTools.busybox();
        } catch (QemuException e) {
            Assumptions.abort(e.getMessage());
            throw new AssertionError(e);
        }
    }

    static String gunzip(Path p) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
