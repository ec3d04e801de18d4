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
            // cumulative-fix shows what W0214 warns about: a function the next release drops
            List<String> expected = script.getFileName().toString().equals("cumulative-fix.dyn")
                    ? List.of("W0214") : List.of();
            assertEquals(expected, r.diagnostics().sorted().stream().map(Diagnostic::code).toList(), script.toString());
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

    /**
     * Functions 6.1 has only inlined (E0211) or only as a gcc clone (E0212): the diagnostic names where their
     * code is, not a misspelling (E0201).
     */
    @Test
    void functionsOnlyInlinedNameTheFunctionsHoldingTheirCode() throws IOException {
        Files.writeString(dir.resolve("ok.c"), "int x;\n");
        Path script = Files.writeString(dir.resolve("inl.dyn"), """
                update t {
                    source "ok.c";
                    replace may_create_in_sticky with v1;
                    replace may_follow_link with v2;
                    replace pick_link with v3;
                    replace do_open with v4;
                    replace kswapd_try_to_sleep with v5;
                    replace entity_tick with v6;
                    replace may_follow_lnk with v7;
                    replace timekeeping_forward_now with v8;
                }
                """);
        Compilation.Result r = Compilation.compile(script, () -> ElfKernelImage.open(vmlinux));
        Map<String, String> found = new TreeMap<>();
        for (Diagnostic d : r.diagnostics().sorted()) {
            String name = d.span().source().line(d.span().line()).trim().split(" ")[1];
            found.put(name, d.code() + " " + String.join("; ", d.notes()));
        }
        assertEquals(Map.of(
                "may_create_in_sticky", "E0211 inlined into path_openat (fs/namei.c)",
                "may_follow_link", "E0211 inlined into step_into (fs/namei.c)",
                "pick_link", "E0211 inlined into step_into (fs/namei.c)",
                "do_open", "E0211 inlined into path_openat (fs/namei.c)",
                "kswapd_try_to_sleep", "E0211 inlined into kswapd (mm/vmscan.c)",
                "entity_tick", "E0211 inlined into task_tick_fair (kernel/sched/fair.c)",
                "may_follow_lnk", "E0201 ",
                "timekeeping_forward_now", "E0212 timekeeping_forward_now.constprop.0 (kernel/time/timekeeping.c) is a"
                        + " .constprop clone (constant arguments folded in), called by change_clocksource,"
                        + " timekeeping_inject_offset, do_settimeofday64, timekeeping_suspend,"
                        + " timekeeping_inject_sleeptime64"), found);
    }
}
