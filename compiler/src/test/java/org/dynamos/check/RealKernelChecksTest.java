package org.dynamos.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dynamos.diag.Diagnostic;
import org.dynamos.driver.Compilation;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.RealKernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The target checks on the real Debian vmlinux; skipped when the kernel has not been fetched. */
class RealKernelChecksTest {
    static Path vmlinux;

    @TempDir
    Path dir;

    @BeforeAll
    static void find() {
        vmlinux = RealKernel.vmlinux().orElse(null);
        assumeTrue(vmlinux != null, "the real vmlinux is not in the DynAMOS cache");
    }

    private Map<Integer, String> codesByLine(String... replaces) throws IOException {
        Files.writeString(dir.resolve("ok.c"), "int x;\n");
        StringBuilder s = new StringBuilder("update t {\n    source \"ok.c\";\n");
        for (int i = 0; i < replaces.length; i++) {
            s.append("    replace ").append(replaces[i]).append(" with v").append(i).append(";\n");
        }
        Path script = Files.writeString(dir.resolve("t.dyn"), s.append("}\n").toString());
        Compilation.Result r = Compilation.compile(script, () -> ElfKernelImage.open(vmlinux));
        Map<Integer, String> codes = new TreeMap<>();
        for (Diagnostic d : r.diagnostics().sorted()) {
            codes.merge(d.span().line() - 2, d.code(), (a, b) -> a + "," + b);
        }
        return codes;
    }

    @Test
    void theExamplesAreSound() throws IOException {
        List<Path> scripts;
        try (Stream<Path> s = Files.walk(Path.of(System.getProperty("dynamos.repo", "..")).resolve("examples"))) {
            scripts = s.filter(p -> p.toString().endsWith(".dyn")).sorted().collect(Collectors.toList());
        }
        assertTrue(scripts.size() >= 2, scripts::toString);
        for (Path script : scripts) {
            Compilation.Result r = Compilation.compile(script, () -> ElfKernelImage.open(vmlinux));
            assertEquals(List.of(), r.diagnostics().sorted(), script.toString());
        }
    }

    @Test
    void eachHazardOfTheRealKernelIsFound() throws IOException {
        Map<Integer, String> codes = codesByLine(
                "kswapd",                       // 1: the paper's kthread
                "\"fs/namei.c\":may_open",      // 2: sound
                "do_exit",                      // 3: noreturn
                "_raw_spin_lock",               // 4: runtime dispatch path
                "jhash",                        // 5: 17 static copies
                "oops_begin",                   // 6: NOKPROBE_SYMBOL, traceable
                "\"arch/x86/xen/setup.c\":pfn_to_mfn.part.0", // 7: a .part clone
                "rcu_gp_kthread",               // 8: kthread started from init code, and noreturn
                "\"fs/nfs/namei.c\":may_open"); // 9: not there
        assertEquals(Map.of(1, "W0212", 3, "W0213", 4, "E0210", 5, "E0203", 6, "W0211", 7, "E0208",
                8, "W0212,W0213", 9, "E0204"), codes);
    }
}
