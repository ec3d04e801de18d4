package org.dynamos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/module-binfmt in the default kernel, as a user runs it: functions of binfmt_misc, a
 * module of the kernel's own, replaced whichever loads first — the module (README's line) or the
 * update — and dropped when the module goes while the update stays enabled.
 */
@Tag("qemu")
class ModuleFunctionsQemuTest {
    static final String SCRIPT = "../ex/module-binfmt/module-binfmt.dyn";
    static final String F = "/sys/kernel/dynamos/module_binfmt/functions/bm_status_read/module";
    static final String MOUNT = "mount -t binfmt_misc none /proc/sys/fs/binfmt_misc";

    Path cwd;

    @BeforeEach
    void workspace(@TempDir Path dir) throws Exception {
        cwd = RelativePathsTest.workspace(dir);
    }

    @Test
    void theModuleLoadedFirstIsPatchedAtTheEnableAndRestoredAtTheRevert() throws Exception {
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", SCRIPT, "-o", "out",
                "--setup", "modprobe binfmt_misc; " + MOUNT + "; touch /tmp/ready",
                "--run", "while [ ! -e /tmp/ready ]; do sleep 0.1; done; cat /proc/sys/fs/binfmt_misc/status; cat " + F);
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("== before enabling\nenabled\nbinfmt_misc loaded\n"), r.out());
        assertTrue(r.out().matches("(?s).*== after enabling\nenabled \\(patched by dynamos\\)\nbinfmt_misc loaded\n.*"),
                r.out());
        assertTrue(r.out().contains("== after disabling\nenabled\nbinfmt_misc loaded\n"), r.out());
    }

    @Test
    void theModuleLoadedAfterTheUpdateIsPatchedFromItsFirstCallAndCanGoAndComeBack() throws Exception {
        String register = "echo ':t:E::xyz::/bin/true:' > /proc/sys/fs/binfmt_misc/register";
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", SCRIPT, "-o", "out",
                "--run", "cat " + F + "; modprobe binfmt_misc && " + MOUNT + " && cat /proc/sys/fs/binfmt_misc/status; "
                        + register + "; head -1 /proc/sys/fs/binfmt_misc/t; cat " + F + "; "
                        + "umount /proc/sys/fs/binfmt_misc && rmmod binfmt_misc && cat " + F);
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("== before enabling\nbinfmt_misc not loaded\nenabled\nenabled\n"
                + "binfmt_misc loaded\nbinfmt_misc not loaded\n"), r.out());
        assertTrue(r.out().matches("(?s).*== after enabling\nbinfmt_misc not loaded\nenabled \\(patched by dynamos\\)\n"
                + "enabled\nbinfmt_misc loaded\nbinfmt_misc not loaded\n.*"), r.out());
        assertTrue(r.out().contains("== after disabling\nbinfmt_misc not loaded\nenabled\nenabled\n"
                + "binfmt_misc loaded\nbinfmt_misc not loaded\n"), r.out());
        assertTrue(r.out().contains("module_binfmt: enabled: 2 functions redirected"), r.out());
    }
}
