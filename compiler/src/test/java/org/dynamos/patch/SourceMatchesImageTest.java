package org.dynamos.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.kernel.KernelInstall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Units of the default kernel's source tree, built with its kbuild, are the image's own functions
 * — and a changed one is named, with where its code differs.
 */
class SourceMatchesImageTest {
    static KernelInstall kernel;
    static Path tree;
    static ElfKernelImage image;

    @TempDir
    Path work;

    @BeforeAll
    static void open() throws Exception {
        DefaultSource s = DefaultSource.get();
        kernel = s.kernel();
        tree = s.tree();
        image = ElfKernelImage.open(kernel.vmlinux());
    }

    @AfterAll
    static void close() {
        if (image != null) {
            image.close();
        }
    }

    private SourceMatchesImage.Report verify(Path tree, String unit) throws Exception {
        UnitBuild.Result built = UnitBuild.build(kernel.kdir(), tree, unit, work.resolve(unit.replace('/', '_')));
        assertTrue(built.ok(), built.kbuild().output());
        return SourceMatchesImage.compare(unit, RelocatableObject.functions(built.object()), image);
    }

    @Test
    void theUnitsOfTheTreeAreTheImagesFunctions() throws Exception {
        SourceMatchesImage.Report cmdline = verify(tree, "fs/proc/cmdline.c");
        assertEquals(List.of(), cmdline.mismatches());
        assertEquals(List.of("cmdline_proc_show", "proc_cmdline_init"), cmdline.matching().stream().sorted().toList());
        assertTrue(cmdline.references() >= 4, "calls of seq_puts, seq_putc, __fentry__, the return thunk: "
                + cmdline.references());

        SourceMatchesImage.Report timekeeping = verify(tree, "kernel/time/timekeeping.c");
        assertEquals(List.of(), timekeeping.mismatches());
        assertTrue(timekeeping.matching().contains("ktime_get_real_ts64"), timekeeping.matching().toString());
        assertTrue(timekeeping.matching().contains("timekeeping_forward_now.constprop.0"),
                "a gcc clone is the same clone: " + timekeeping.matching());
        assertTrue(timekeeping.matching().size() >= 50, timekeeping.matching().size() + " functions");
        assertTrue(timekeeping.notInImage().contains("read_persistent_clock64"),
                "the weak definition the link replaced by arch/x86's: " + timekeeping.notInImage());
    }

    @Test
    void aChangedFunctionIsNamedWithWhereItDiffers() throws Exception {
        Path changed = work.resolve("tree");
        Files.createDirectories(changed.resolve("fs/proc"));
        Files.copy(tree.resolve("fs/proc/internal.h"), changed.resolve("fs/proc/internal.h"));
        Files.writeString(changed.resolve("fs/proc/cmdline.c"), Files.readString(tree.resolve("fs/proc/cmdline.c"))
                .replace("seq_putc(m, '\\n');", "seq_putc(m, '!');"));
        SourceMatchesImage.Report r = verify(changed, "fs/proc/cmdline.c");
        assertFalse(r.matches());
        assertEquals(1, r.mismatches().size(), r.toString());
        assertEquals("cmdline_proc_show", r.mismatches().get(0).function());
        assertTrue(r.mismatches().get(0).reason().startsWith("its code differs at +0x19: 21000000e8000000 built from the source, 0a000000"),
                r.mismatches().get(0).reason());
        assertEquals(List.of("proc_cmdline_init"), r.matching());
    }
}
