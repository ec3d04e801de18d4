package org.dynamos.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.patch.PatchFile.PatchException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patches of the default kernel's source (src/test/resources/patches, made with diff -u from the
 * tree): applied to a private overlay, their units built before and after with the kernel's
 * kbuild, the functions they change derived from the objects.
 */
class PatchDerivationTest {
    static final Path PATCHES = Path.of("src/test/resources/patches");
    static KernelInstall kernel;
    static Path tree;

    @TempDir
    Path work;

    @BeforeAll
    static void source() throws Exception {
        DefaultSource s = DefaultSource.get();
        kernel = s.kernel();
        tree = s.tree();
    }

    private String derive(String patch) throws Exception {
        PatchFile p = PatchFile.parse(Files.readString(PATCHES.resolve(patch)));
        return PatchDerivation.derive(p, kernel.kdir(), tree, work).stream()
                .map(u -> u.unit() + "\n" + u.changes().stream()
                        .map(c -> "  " + c.kind() + " " + c.function() + ": " + c.detail())
                        .collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aStringChangeIsAChangeOfTheFunctionThatPrintsIt() throws Exception {
        assertEquals("fs/proc/loadavg.c\n  CHANGED loadavg_proc_show: at +0xd5 it refers to string"
                + " \"%lu.%02lu %lu.%02lu %lu.%02lu %u/%d %d [patched]\\n\", was string"
                + " \"%lu.%02lu %lu.%02lu %lu.%02lu %u/%d %d\\n\"", derive("proc-loadavg-format.patch"));
    }

    @Test
    void aNewHelperIsNewAndItsCallerChanged() throws Exception {
        assertEquals("fs/proc/uptime.c\n  CHANGED uptime_proc_show: its code is 258 bytes, was 350\n"
                + "  NEW uptime_idle_nsec: only in the patched source", derive("proc-uptime-new-helper.patch"));
    }

    @Test
    void aFixInAnInlineCalleeChangesTheFunctionsItWasInlinedInto() throws Exception {
        // rlim64_is_infinity() is inlined into rlim64_to_rlim(), itself inlined into the system call.
        assertEquals("kernel/sys.c\n  CHANGED __do_sys_prlimit64: its code is 813 bytes, was 790",
                derive("sys-inline-callee.patch"));
    }

    @Test
    void aChangeOfInitCodeIsRefused() throws Exception {
        assertEquals("fs/proc/cmdline.c\n  REFUSED proc_cmdline_init: it is __init code (at +0x16 it refers to string"
                + " \"cmdline2\", was string \"cmdline\"), which ran at boot and is gone: a live update cannot run it"
                + " again", derive("proc-cmdline-init.patch"));
    }

    @Test
    void aChangedDataInitialiserIsRefusedWithTheWayOut() throws Exception {
        assertEquals("kernel/async.c\n  REFUSED next_cookie: the initial value of next_cookie changes (its bytes"
                + " differ from +0x0): the running kernel's next_cookie already holds its current value; set it in an"
                + " activate hook or a migration instead", derive("async-initialiser.patch"));
        PatchFile p = PatchFile.parse(Files.readString(PATCHES.resolve("async-initialiser.patch")));
        assertEquals(10, p.lineMentioning("kernel/async.c", "next_cookie"), "the removed line naming it");
    }

    @Test
    void aHeaderOfAUnitsDirectoryBuildsTheUnitsThatIncludeIt() throws Exception {
        PatchFile p = PatchFile.parse("--- a/fs/proc/internal.h\n+++ b/fs/proc/internal.h\n@@ -1,1 +1,1 @@\n-x\n+y\n");
        java.util.Set<String> built;
        try (org.dynamos.image.ElfKernelImage image = org.dynamos.image.ElfKernelImage.open(kernel.vmlinux())) {
            built = ImageUnits.of(image);
        }
        assertTrue(built.contains("fs/proc/cmdline.c") && !built.contains("fs/proc/nommu.c"), "units of the image");
        List<String> units = PatchDerivation.units(p, tree, built::contains);
        assertTrue(units.contains("fs/proc/uptime.c") && units.contains("fs/proc/base.c"), units.toString());
        assertTrue(!units.contains("fs/proc/cmdline.c"), "cmdline.c does not include internal.h");
        assertTrue(!units.contains("fs/proc/nommu.c"), "nommu.c is not built for this kernel (CONFIG_MMU=y)");
    }

    @Test
    void aHunkThatDoesNotApplyIsNamedWithItsLine() throws Exception {
        String text = Files.readString(PATCHES.resolve("proc-uptime-new-helper.patch"))
                .replace(" #include <linux/kernel_stat.h>", " #include <linux/kernel_stat_.h>");
        PatchException e = assertThrows(PatchException.class,
                () -> PatchDerivation.derive(PatchFile.parse(text), kernel.kdir(), tree, work));
        assertEquals(6, e.line());
        assertTrue(e.getMessage().startsWith("hunk #1 of fs/proc/uptime.c does not apply: its lines are not in"
                + " the tree's file (near line 9)"), e.getMessage());
    }

    @Test
    void aPatchForAFileTheTreeDoesNotHaveIsRefused() throws Exception {
        PatchException e = assertThrows(PatchException.class, () -> PatchDerivation.derive(PatchFile.parse(
                "--- a/fs/nope.c\n+++ b/fs/nope.c\n@@ -1 +1 @@\n-a\n+b\n"), kernel.kdir(), tree, work));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().startsWith("fs/nope.c is not in the kernel's source tree"), e.getMessage());
    }

    @Test
    void onlyHeadersUnderIncludeIsRefusedForNow() throws Exception {
        PatchException e = assertThrows(PatchException.class, () -> PatchDerivation.derive(PatchFile.parse(
                Files.readString(tree.resolve("include/linux/kernel.h")).isEmpty() ? ""
                        : "--- a/include/linux/kernel.h\n+++ b/include/linux/kernel.h\n@@ -0,0 +1 @@\n+/* x */\n"),
                kernel.kdir(), tree, work));
        assertTrue(e.getMessage().startsWith("the patch changes no C file of the tree"), e.getMessage());
    }

    @Test
    void emptyAndBinaryPatchesAreRefused() {
        PatchException empty = assertThrows(PatchException.class, () -> PatchFile.parse("Subject: nothing\n"));
        assertEquals(0, empty.line());
        assertTrue(empty.getMessage().startsWith("the file holds no unified diff"), empty.getMessage());
        PatchException binary = assertThrows(PatchException.class, () -> PatchFile.parse(
                "diff --git a/x.bin b/x.bin\nindex 1..2\nGIT binary patch\nliteral 3\n"));
        assertEquals(3, binary.line());
        PatchException shortHunk = assertThrows(PatchException.class, () -> PatchFile.parse(
                "--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,3 @@\n a\n-b\n"));
        assertEquals(3, shortHunk.line());
        assertTrue(shortHunk.getMessage().startsWith("hunk ends early"), shortHunk.getMessage());
    }
}
