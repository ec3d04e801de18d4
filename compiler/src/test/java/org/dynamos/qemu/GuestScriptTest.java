package org.dynamos.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestScriptTest {

    @Test
    void initRunsEveryStepInOrderAndNeverContainsTheMarkerLiterally() {
        GuestScript s = new GuestScript(List.of(GuestStep.of("load", "insmod a.ko"), GuestStep.failing("bad", "false")),
                "abcd1234");
        String init = s.init();
        assertTrue(init.startsWith("#!/bin/sh\n"));
        int load = init.indexOf("run_step load /dynamos/steps/01-load.sh\n");
        int bad = init.indexOf("run_step bad /dynamos/steps/02-bad.sh\n");
        assertTrue(load > 0 && bad > load, init);
        assertFalse(init.contains(s.marker()), "cat /init must not print a marker");
        assertFalse(init.contains("@STEPS@") || init.contains("@MARKER"), init);
        assertTrue(init.contains("dmesg -n 1"));
        assertEquals("false\n", s.stepText(1));
    }

    @Test
    void initIsValidShell(@TempDir Path dir) throws Exception {
        Path busybox = InitramfsBuilderTest.busybox();
        Path init = Files.writeString(dir.resolve("init"), GuestScript.of(List.of(GuestStep.of("a", "true"))).init());
        Process p = new ProcessBuilder(busybox.toString(), "sh", "-n", init.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void namesAreCheckedAndUnique() {
        assertThrows(IllegalArgumentException.class, () -> GuestStep.of("two words", "true"));
        assertThrows(IllegalArgumentException.class, () -> GuestStep.of("-x", "true"));
        assertThrows(IllegalArgumentException.class,
                () -> GuestScript.of(List.of(GuestStep.of("a", "true"), GuestStep.of("a", "false"))));
        assertNotEquals(GuestScript.of(List.of()).nonce(), GuestScript.of(List.of()).nonce());
    }
}
