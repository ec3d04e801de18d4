package org.dynamos.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.dynamos.diag.DiagnosticPrinter;
import org.dynamos.driver.Compilation;
import org.dynamos.image.ElfFixtures;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.KernelModules;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.ModuleImage;
import org.dynamos.image.Region;
import org.dynamos.plan.FunctionPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functions of a loadable module checked against a gcc-built relocatable object shaped like one
 * (src/test/resources/org/dynamos/image/module/my-mod.c: traced, notrace and init functions,
 * __mcount_loc, .modinfo), found beside the fake vmlinux as the kernel store lays modules out.
 */
class ModuleTargetsTest {
    static final String RELEASE = "6.1.0-fixture-amd64";

    @TempDir
    static Path dir;
    static Path vmlinux;
    static Path ko;

    @BeforeAll
    static void buildFixtures() throws IOException {
        vmlinux = ElfFixtures.fakeVmlinux(dir);
        Path modules = Files.createDirectories(dir.resolve("lib/modules/" + RELEASE + "/kernel/drivers"));
        Path built = ElfFixtures.object("/org/dynamos/image/module/my-mod.c", dir, List.of("-O2", "-pg", "-mfentry",
                "-mrecord-mcount", "-mcmodel=kernel", "-fno-pic", "-fno-asynchronous-unwind-tables", "-ffreestanding",
                "-fno-stack-protector", "-fcf-protection=none"));
        ko = Files.move(built, modules.resolve("my-mod.ko"));
    }

    @Test
    void theObjectReadsAsAModuleWithUniqueAddressesFentrySitesAndModinfo() throws IOException {
        try (ElfKernelImage kernel = ElfKernelImage.open(vmlinux); KernelModules modules = KernelModules.of(kernel)) {
            assertEquals(List.of("my_mod"), List.copyOf(modules.names()), "my-mod.ko is module my_mod");
            ModuleImage m = modules.open("my-mod", kernel).orElseThrow();
            assertEquals(RELEASE, m.release().orElseThrow());
            assertEquals("", m.modinfo().get("depends"));
            KernelSymbol read = m.symbols("status_read").get(0);
            KernelSymbol entry = m.symbols("entry_read").get(0);
            KernelSymbol init = m.symbols("mod_init").get(0);
            assertEquals(0, m.fentryOffset(read).orElseThrow());
            assertEquals(0, m.fentryOffset(entry).orElseThrow());
            assertFalse(m.fentryOffset(m.symbols("quiet").get(0)).isPresent(), "notrace: no site");
            assertEquals(Region.INIT, init.region());
            assertEquals(Region.TEXT, read.region());
            assertTrue(read.address() != init.address() && read.address() != m.symbols("enabled").get(0).address(),
                    "sections laid out apart: no two symbols of different sections share an address");
            assertEquals(List.of(init), m.aliases(m.symbols("init_module").get(0)));
            assertEquals(List.of("entry_read", "init_module"), m.callers(read).stream().map(KernelSymbol::name).toList());
        }
    }

    @Test
    void everyTargetCheckRunsAgainstTheModule() throws IOException {
        Path script = dir.resolve("m.dyn");
        Files.writeString(script, """
                update m {
                    source "m.c";
                    bind flag: int = my_mod:enabled;
                    replace my_mod:status_read with a;
                    replace my_mod:quiet with b;
                    replace my_mod:mod_init with c;
                    replace my_mod:entry_reed with d;
                    replace my_mdo:entry_read with e;
                }
                """);
        Files.writeString(dir.resolve("m.c"), "int x;\n");
        Compilation.Result r = Compilation.compile(script, () -> ElfKernelImage.open(vmlinux));
        String text = r.diagnostics().sorted().stream().map(DiagnosticPrinter::render)
                .map(t -> t.replace(dir.toString(), "DIR")).collect(Collectors.joining("\n"));
        assertTrue(text.contains("error[E0205]: 'quiet'"), text);
        assertTrue(text.contains("error[E0206]: 'mod_init' lives in .init.text"), text);
        assertTrue(text.contains("error[E0222]: module 'my_mod' has no function 'entry_reed'"), text);
        assertTrue(text.contains("did you mean 'entry_read'"), text);
        assertTrue(text.contains("error[E0221]: cannot check against module 'my_mdo'"), text);
        assertTrue(text.contains("did you mean 'my_mod'"), text);
        assertEquals(4, r.diagnostics().sorted().size(), text);

        Files.writeString(script, """
                update m {
                    source "m.c";
                    bind flag: int = my_mod:enabled;
                    replace my_mod:status_read with a;
                }
                """);
        Compilation.Result ok = Compilation.compile(script, () -> ElfKernelImage.open(vmlinux));
        assertTrue(ok.ok(), () -> ok.diagnostics().sorted().toString());
        FunctionPlan f = ok.plans().get(0).functions().get(0);
        assertEquals(java.util.Optional.of("my_mod"), f.objname());
        assertTrue(f.original().size() > 0 && f.original().region() == Region.TEXT, f.original().toString());
        assertEquals(0, f.fentryOffset());
        assertEquals("enabled", ok.plans().get(0).binds().get(0).object().name());
    }

    @Test
    void inspectShowsAModuleFunctionBySectionOffset() {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = org.dynamos.cli.Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err),
                new String[] {"inspect", "my_mod:quiet", "--vmlinux", vmlinux.toString()});
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("address        .text+0x"), out.toString());
        assertTrue(out.toString().contains("of module my_mod"), out.toString());
        assertTrue(out.toString().contains("E0205"), "the findings are the module function's: " + out);
    }

    /** Newer kernel packages ship compressed modules: read through xz when it is installed. */
    @Test
    void aCompressedModuleIsReadThroughItsTool() throws IOException, InterruptedException {
        Path xzDir = Files.createDirectories(dir.resolve("xz"));
        Path copy = Files.copy(ko, xzDir.resolve("my-mod.ko"));
        boolean xz;
        try {
            xz = new ProcessBuilder("xz", copy.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            xz = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(xz, "xz is not installed");
        try (ElfKernelImage kernel = ElfKernelImage.open(vmlinux); KernelModules modules = KernelModules.in(xzDir)) {
            assertEquals(java.util.Optional.of(xzDir.resolve("my-mod.ko.xz")), modules.path("my_mod"));
            ModuleImage m = modules.open("my_mod", kernel).orElseThrow();
            assertEquals(0, m.fentryOffset(m.symbols("status_read").get(0)).orElseThrow());
        }
    }

    @Test
    void aModuleSymbolBoundWhereTheModuleMayBeAbsentIsAWarning() throws IOException {
        Path script = dir.resolve("w.dyn");
        Files.writeString(script, """
                update w {
                    source "m.c";
                    bind flag: int = my_mod:enabled;
                    replace text_target with v;
                }
                """);
        Files.writeString(dir.resolve("m.c"), "int x;\n");
        Compilation.Result r = Compilation.compile(script, () -> ElfKernelImage.open(vmlinux));
        assertTrue(r.ok(), () -> r.diagnostics().sorted().toString());
        String text = r.diagnostics().sorted().stream().map(DiagnosticPrinter::render).collect(Collectors.joining());
        assertEquals(1, r.diagnostics().sorted().size(), text);
        assertTrue(text.contains("warning[W0215]: 'flag' is a symbol of module my_mod, but the update replaces no"
                + " function of my_mod"), text);
        org.approvaltests.Approvals.verify(text.replace(dir.toString(), "DIR"));
    }
}
