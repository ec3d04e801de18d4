package org.dynamos.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dynamos.bind.ModuleReferences;
import org.dynamos.driver.Compilation;
import org.dynamos.image.ElfFile;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.KernelImage;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.kernel.KernelStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/module-binfmt built for the real kernel: the update module names no symbol of
 * binfmt_misc and depends on no module but the runtime core, so it loads before or after
 * binfmt_misc; the functions and addresses of the module are described for the runtime instead.
 */
class ModuleTargetBuildTest {
    @TempDir
    Path out;

    @Test
    void anUpdateOfModuleFunctionsDependsOnNoModule() throws IOException, BuildException {
        var installed = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(installed.isPresent(), "the default kernel is not fetched (scripts/setup.sh)");
        KernelInstall kernel = installed.get();
        Compilation.Result c = Compilation.compile(Path.of("../examples/module-binfmt/module-binfmt.dyn"),
                () -> ElfKernelImage.open(kernel.vmlinux()));
        assertTrue(c.ok(), () -> c.diagnostics().sorted().toString());
        ModuleBuilder.Outcome o;
        try (KernelImage image = ElfKernelImage.open(kernel.vmlinux())) {
            o = new ModuleBuilder(image, kernel.kdir(), new PrintStream(new ByteArrayOutputStream()))
                    .build(c.plans(), out);
        }
        assertTrue(o.ok(), () -> o.diagnostics().sorted().toString());
        Path ko = out.resolve("module_binfmt.ko");
        assertEquals("dynamos", modinfo(ko, "depends"), "the runtime core only, not binfmt_misc");
        Set<String> undefined = new TreeSet<>();
        ModuleReferences.to(ko, name -> undefined.add(name));
        for (String s : List.of("enabled", "bm_status_read", "bm_entry_read")) {
            assertTrue(!undefined.contains(s), s + " is not named: " + undefined);
        }
        String glue = Files.readString(out.resolve(".build/module_binfmt/dynamos-glue.c"));
        assertTrue(glue.contains(".objname = \"binfmt_misc\""), glue);
        assertTrue(glue.contains("{ .objname = \"binfmt_misc\", .name = \"bm_entry_read\", .offset = 0x5, "
                + ".addr = &__dynamos_modsym_orig_bm_entry_read }"), glue);
        assertTrue(glue.contains(".modsyms = modsyms,"), glue);
    }

    /** The last {@code key=} entry of the module's {@code .modinfo}. */
    static String modinfo(Path ko, String key) throws IOException {
        try (ElfFile elf = ElfFile.open(ko)) {
            var b = elf.contents(elf.section(".modinfo").orElseThrow());
            String value = null;
            for (int at = 0; at < b.limit(); ) {
                String entry = ElfFile.cString(b, at);
                at += entry.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
                if (entry.startsWith(key + "=")) {
                    value = entry.substring(key.length() + 1);
                }
            }
            return value;
        }
    }
}
