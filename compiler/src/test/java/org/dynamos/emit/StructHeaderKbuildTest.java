package org.dynamos.emit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dynamos.build.Kbuild;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.KernelImage;
import org.dynamos.image.btf.StructType;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.kernel.KernelStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers generated for structs the default kernel defines only in .c files compile with the
 * kernel's own kbuild, and the compiler checks every offset: a header with one member moved
 * does not build.
 */
class StructHeaderKbuildTest {
    static final List<String> PRIVATE = List.of("kioctx", "n_tty_data", "proc_dir_entry");

    @TempDir
    Path dir;

    @Test
    void privateStructsBuildWithEveryOffsetChecked() throws Exception {
        var installed = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(installed.isPresent(), "the default kernel is not fetched (scripts/setup.sh)");
        KernelInstall kernel = installed.get();
        StringBuilder c = new StringBuilder("""
                #include <linux/module.h>
                #include <linux/fs.h>
                #include <linux/aio.h>
                #include <linux/percpu-refcount.h>
                #include <linux/proc_fs.h>
                #include <linux/refcount.h>
                #include <linux/tty.h>
                #include <linux/workqueue.h>
                """);
        String kioctx;
        try (KernelImage image = ElfKernelImage.open(kernel.vmlinux())) {
            for (String name : PRIVATE) {
                StructType s = image.struct(name).orElseThrow();
                String header = StructHeader.of(s, kernel.release());
                Files.writeString(dir.resolve(name + ".h"), header);
                c.append("#include \"").append(name).append(".h\"\n");
            }
            StructType k = image.struct("kioctx").orElseThrow();
            kioctx = Files.readString(dir.resolve("kioctx.h"));
            long lock = k.field("ctx_lock").orElseThrow().byteOffset();
            assertTrue(lock >= 64, "ctx_lock sits on its own cache line in the kernel: " + lock);
            assertTrue(kioctx.contains("static_assert(offsetof(struct kioctx, ctx_lock) == " + lock + ", "), kioctx);
        }
        c.append("""
                unsigned int uses(struct kioctx *k, struct n_tty_data *d, struct proc_dir_entry *p)
                {
                	return k->nr_events + d->read_head + p->namelen;
                }
                MODULE_LICENSE("GPL");
                """);
        Files.writeString(dir.resolve("uses.c"), c.toString());
        Files.writeString(dir.resolve("Kbuild"), "obj-m := uses.o\n");
        Kbuild.Result ok = Kbuild.modules(kernel.kdir(), dir, List.of());
        assertTrue(ok.ok(), ok.output());

        // one member a byte off: the assertions catch it
        String moved = kioctx.replaceFirst("__dynamos_pad(\\d+)\\[(\\d+)\\];\n(\\s+)spinlock_t ctx_lock;",
                "__dynamos_pad$1[$2 + 1];\n$3spinlock_t ctx_lock;");
        assertFalse(moved.equals(kioctx), "the test moved a member");
        Files.writeString(dir.resolve("kioctx.h"), moved);
        Kbuild.Result bad = Kbuild.modules(kernel.kdir(), dir, List.of());
        assertFalse(bad.ok(), bad.output());
        assertTrue(bad.output().contains("struct kioctx.ctx_lock"), bad.output());
    }
}
