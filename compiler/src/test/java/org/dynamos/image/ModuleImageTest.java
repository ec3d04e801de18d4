package org.dynamos.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dynamos.image.btf.StructType;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.kernel.KernelStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A loadable module of the real default kernel (binfmt_misc.ko) read as a {@link KernelImage}. */
class ModuleImageTest {
    static KernelInstall kernel;

    @BeforeAll
    static void kernel() {
        var installed = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(installed.isPresent(), "the default kernel is not fetched (scripts/setup.sh)");
        kernel = installed.get();
    }

    @Test
    void theModulesAreFoundBesideTheKernelByTheirNormalisedNames() throws IOException {
        try (ElfKernelImage vmlinux = ElfKernelImage.open(kernel.vmlinux());
             KernelModules modules = KernelModules.of(kernel.vmlinux(), vmlinux.release())) {
            assertTrue(modules.names().size() > 1000, () -> modules.names().size() + " modules");
            assertTrue(modules.names().contains("binfmt_misc"));
            assertTrue(modules.names().contains("kvm_intel"), "kvm-intel.ko is module kvm_intel");
            assertEquals(modules.path("kvm_intel"), modules.path("kvm-intel"));
            assertFalse(modules.path("no_such_module").isPresent());
        }
        try (ElfKernelImage index = KernelIndex.open(kernel.vmlinux());
             KernelModules modules = KernelModules.of(Path.of(index.elf().label()), index.release())) {
            assertTrue(modules.path("binfmt_misc").isPresent(), "found from the index beside the root too");
        }
    }

    @Test
    void symbolsGetUniqueAddressesInTheirSectionsAndFentryOffsetsFromMcountLoc() throws IOException {
        try (ElfKernelImage vmlinux = ElfKernelImage.open(kernel.vmlinux());
             KernelModules modules = KernelModules.of(kernel.vmlinux(), vmlinux.release())) {
            ModuleImage m = modules.open("binfmt_misc", vmlinux).orElseThrow();
            assertEquals("6.1.0-57-cloud-amd64", m.release().orElseThrow());
            KernelSymbol read = m.symbols("bm_status_read").get(0);
            assertEquals(101, read.size()); // readelf -s binfmt_misc.ko
            assertEquals(Region.TEXT, read.region());
            assertEquals(".text", read.section());
            assertEquals(0, m.fentryOffset(read).orElseThrow());
            KernelSymbol cold = m.symbols("bm_status_read.cold").get(0);
            assertEquals(".text.unlikely", cold.section());
            assertFalse(m.fentryOffset(cold).isPresent(), "a cold part has no fentry site");
            assertEquals(Region.INIT, m.symbols("init_misc_binfmt").get(0).region());
            assertEquals(Region.EXIT, m.symbols("exit_misc_binfmt").get(0).region());
            // every defined function or object has an address of its own (aliases aside)
            Set<Long> seen = new HashSet<>();
            long functions = m.symbols().stream().filter(s -> s.isFunction() && !s.section().equals("*UND*"))
                    .filter(s -> m.aliases(s).isEmpty()).filter(s -> !seen.add(s.address())).count();
            assertEquals(0, functions);
            // the fentry sites are the module's traced functions' first instructions
            long[] sites = m.fentrySites();
            assertTrue(sites.length > 10, sites.length + " sites");
            for (long site : sites) {
                assertTrue(m.symbols().stream().anyMatch(s -> s.isFunction() && s.address() == site),
                        "site 0x" + Long.toHexString(site) + " starts a function");
            }
            // relocations say who refers to the module's own static data
            // (bm_status_write's stores, movl $imm, enabled(%rip), have the field 4 bytes before the
            // instruction's end and are not counted, as in vmlinux: TextRelocations)
            assertTrue(m.callers(m.symbols("enabled").get(0)).stream().anyMatch(c -> c.name().equals("bm_status_read")));
        }
    }

    @Test
    void prototypesAndTypesComeFromTheSplitBtfOverTheKernels() throws IOException {
        try (ElfKernelImage vmlinux = ElfKernelImage.open(kernel.vmlinux());
             KernelModules modules = KernelModules.of(kernel.vmlinux(), vmlinux.release())) {
            ModuleImage m = modules.open("binfmt_misc", vmlinux).orElseThrow();
            assertEquals("ssize_t bm_status_read(struct file *file, char *buf, size_t nbytes, loff_t *ppos)",
                    m.prototype("bm_status_read").orElseThrow().toString());
            // a type of the module's own (fs/binfmt_misc.c's Node), and one of the kernel's through it
            assertTrue(m.typedef("Node").isPresent(), "Node is binfmt_misc's own typedef");
            StructType file = m.struct("file").orElseThrow();
            assertEquals(vmlinux.struct("file").orElseThrow().size(), file.size());
            assertFalse(vmlinux.prototype("bm_status_read").isPresent(), "not in vmlinux's BTF");
        }
    }
}
