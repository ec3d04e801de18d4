package org.dynamos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the command line (DESIGN §1), without a kernel. */
class CliTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aMissingScriptIsAUsageError() {
        Run r = run("check", "no/such/script.dyn");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("dynamos: no such file: no/such/script.dyn\n", r.err());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Run r = run("check", "--frobnicate", "x.dyn");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("dynamos: Unknown option: '--frobnicate'"), r.err());
    }

    @Test
    void aScriptWithErrorsExitsOneWithDiagnosticsAndNoStackTrace(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("bad.dyn");
        Files.writeString(script, "update u {\n  source \"x.c\"\n}\n");
        Run r = run("check", script.toString());
        assertEquals(ExitCodes.SCRIPT_ERRORS, r.code());
        assertTrue(r.err().contains(":2:15: error[E0001]: expected ';', found '}'"), r.err());
        assertTrue(r.err().endsWith("1 error found.\n"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void checkWarnsAboutWhatTheBuildWouldRefuse(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                org.dynamos.kernel.KernelStore.defaultStore().installed().isPresent(), "default kernel not fetched");
        Path script = dir.resolve("warned.dyn");
        Files.writeString(dir.resolve("w.c"), "int cmdline_v2(void) { return 0; }\n");
        Files.writeString(script, """
                update warned {
                    source "w.c";
                    replace cmdline_proc_show with cmdline_v2 when current.cgroup == "/batch";
                }
                """);
        Run r = run("check", script.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.err().contains(":3:52: warning[W0304]: a predicate on current.cgroup is valid, but `dynamos build` refuses it (E0304)"),
                r.err());
        assertTrue(r.out().contains("update warned is sound (1 function); this runtime cannot build it yet: 1 construct (W0304)"),
                r.out());
    }

    @Test
    void explainPrintsTitlesWithoutCatalogQuoting() {
        Run r = run("explain");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("W0212  target is a kernel thread's main function"), r.out());
        assertFalse(r.out().contains("''"), r.out());
    }

    @Test
    void buildWritesNothingWhenTheScriptHasErrors(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("bad.dyn");
        Files.writeString(script, "update u { replace a with b; }\n");
        Run r = run("build", script.toString(), "-o", dir.resolve("out").toString());
        assertEquals(ExitCodes.SCRIPT_ERRORS, r.code());
        assertTrue(r.err().contains("error[E0102]"), r.err());
        assertFalse(Files.exists(dir.resolve("out")), "no output directory for a script with errors");
    }

    @Test
    void explainPrintsTheDocumentationOfACode() {
        Run r = run("explain", "e0201");
        assertEquals(ExitCodes.OK, r.code());
        assertTrue(r.out().startsWith("# E0201: no such kernel function\n"), r.out());
    }

    @Test
    void explainWithoutACodeListsEveryCode() {
        Run r = run("explain");
        assertEquals(ExitCodes.OK, r.code());
        assertTrue(r.out().contains("E0001  syntax error\n") && r.out().contains("E0303  replacement not defined\n"),
                r.out());
    }

    @Test
    void explainOfAnUnknownCodeIsAUsageError() {
        Run r = run("explain", "E9999");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("no diagnostic E9999"), r.err());
    }

    @Test
    void controlCommandsExplainAMissingRuntime(@TempDir Path dir) {
        Run status = run("status", "--sysfs", dir.resolve("none").toString());
        assertEquals(ExitCodes.OK, status.code());
        assertTrue(status.out().startsWith("runtime core not loaded"), status.out());
        Run enable = run("enable", "u", "--sysfs", dir.resolve("none").toString());
        assertEquals(ExitCodes.USAGE, enable.code());
        assertTrue(enable.err().contains("the runtime core is not loaded"), enable.err());
    }

    @Test
    void controlCommandsReadAndWriteTheSysfsTree(@TempDir Path dir) throws IOException {
        Path u = Files.createDirectories(dir.resolve("cmdline_hello/functions/cmdline_proc_show"));
        Files.writeString(dir.resolve("cmdline_hello/enabled"), "0\n");
        Files.writeString(dir.resolve("cmdline_hello/transition"), "0\n");
        Files.writeString(u.resolve("calls"), "7\n");
        assertEquals(ExitCodes.OK, run("enable", "cmdline_hello", "--sysfs", dir.toString()).code());
        assertEquals("1\n", Files.readString(dir.resolve("cmdline_hello/enabled")));
        Run status = run("status", "--sysfs", dir.toString());
        assertTrue(status.out().startsWith("cmdline_hello: enabled\n"), status.out());
        assertTrue(status.out().contains("cmdline_proc_show") && status.out().contains("calls 7"), status.out());
        assertEquals(ExitCodes.USAGE, run("disable", "other", "--sysfs", dir.toString()).code());

        // a switch waiting for its safe point
        Files.writeString(dir.resolve("cmdline_hello/transition"), "1\n");
        Files.writeString(dir.resolve("cmdline_hello/safepoint"),
                "quiescent, timeout 2000 ms: enable: waiting, attempt 2 of 4: task 91 (cat) is executing pipe_read+0x3df/0x470\n");
        status = run("status", "--sysfs", dir.toString());
        assertTrue(status.out().startsWith("cmdline_hello: enabled (switching: waiting for its safe point)\n"
                + "  safe point: quiescent, timeout 2000 ms: enable: waiting, attempt 2 of 4: task 91 (cat)"), status.out());
    }

    /** A fake tree of an adaptive update with one knob and two versions. */
    static Path adaptiveTree(Path dir) throws IOException {
        Path f = Files.createDirectories(dir.resolve("adaptive_cmdline/functions/cmdline_proc_show"));
        Files.createDirectories(dir.resolve("adaptive_cmdline/knobs"));
        Files.writeString(dir.resolve("adaptive_cmdline/enabled"), "1\n");
        Files.writeString(dir.resolve("adaptive_cmdline/transition"), "0\n");
        Files.writeString(dir.resolve("adaptive_cmdline/knobs/marked"), "1\n");
        Files.writeString(f.resolve("calls"), "12\n");
        Files.writeString(f.resolve("versions"), "cmdline_proc_show_cat 12\noriginal 40\n");
        Files.writeString(f.resolve("override"), "auto\n");
        return f;
    }

    @Test
    void statusShowsKnobsVersionsAndOverrides(@TempDir Path dir) throws IOException {
        Path f = adaptiveTree(dir);
        Run status = run("status", "--sysfs", dir.toString());
        assertEquals(ExitCodes.OK, status.code(), status.err());
        assertEquals("""
                adaptive_cmdline: enabled
                  knob marked = 1
                  cmdline_proc_show                        calls 12
                    cmdline_proc_show_cat                  12
                    original                               40
                """, status.out());
        Files.writeString(f.resolve("override"), "original\n");
        assertTrue(run("status", "--sysfs", dir.toString()).out().contains("calls 12  (override: original)"));
    }

    @Test
    void statusShowsWhetherTheModuleOfAFunctionIsLoaded(@TempDir Path dir) throws IOException {
        Path f = Files.createDirectories(dir.resolve("binfmt_fix/functions/bm_status_read"));
        Files.writeString(dir.resolve("binfmt_fix/enabled"), "1\n");
        Files.writeString(dir.resolve("binfmt_fix/transition"), "0\n");
        Files.writeString(f.resolve("calls"), "0\n");
        Files.writeString(f.resolve("module"), "binfmt_misc not loaded\n");
        Run status = run("status", "--sysfs", dir.toString());
        assertEquals("binfmt_fix: enabled\n"
                + "  bm_status_read                           calls 0  (module binfmt_misc not loaded)\n", status.out());
        Files.writeString(f.resolve("module"), "binfmt_misc loaded\n");
        assertTrue(run("status", "--sysfs", dir.toString()).out().contains("(module binfmt_misc loaded)"));
    }

    @Test
    void statusShowsPhases(@TempDir Path dir) throws IOException {
        Path u = Files.createDirectories(dir.resolve("two_phase_pipes"));
        Files.writeString(u.resolve("enabled"), "1\n");
        Files.writeString(u.resolve("transition"), "0\n");
        Files.writeString(u.resolve("safepoint"), "per phase: phases/*/safepoint\n");
        Files.writeString(u.resolve("phase"), "2 of 2: report\n");
        Path m = Files.createDirectories(u.resolve("phases/measure/functions/pipe_read"));
        Files.writeString(u.resolve("phases/measure/safepoint"), "drained, timeout 2000 ms: enable: reached\n");
        Files.writeString(m.resolve("calls"), "5\n");
        Path r = Files.createDirectories(u.resolve("phases/report/functions/cmdline_proc_show"));
        Files.writeString(u.resolve("phases/report/safepoint"), "immediate\n");
        Files.writeString(r.resolve("calls"), "1\n");
        Run status = run("status", "--sysfs", dir.toString());
        assertEquals(ExitCodes.OK, status.code(), status.err());
        assertEquals("""
                two_phase_pipes: enabled
                  safe point: phase 2 of 2: report; measure: drained, timeout 2000 ms: enable: reached; report: immediate
                  measure/pipe_read                        calls 5
                  report/cmdline_proc_show                 calls 1
                """, status.out());
    }

    @Test
    void statusShowsMonitors(@TempDir Path dir) throws IOException {
        Path u = Files.createDirectories(dir.resolve("monitor_proc/functions/version_proc_show"));
        Files.writeString(dir.resolve("monitor_proc/enabled"), "1\n");
        Files.writeString(dir.resolve("monitor_proc/transition"), "0\n");
        Files.writeString(u.resolve("calls"), "3\n");
        Path m = Files.createDirectories(dir.resolve("monitor_proc/monitors/cmdline_proc_show"));
        Files.writeString(m.resolve("calls"), "8\n");
        Files.writeString(m.resolve("total_ns"), "100000\n");
        Files.writeString(m.resolve("missed"), "0\n");
        Path v = Files.createDirectories(dir.resolve("monitor_proc/monitors/vfs_read"));
        Files.writeString(v.resolve("calls"), "0\n");
        Files.writeString(v.resolve("total_ns"), "0\n");
        Files.writeString(v.resolve("missed"), "2\n");
        Run status = run("status", "--sysfs", dir.toString());
        assertEquals(ExitCodes.OK, status.code(), status.err());
        assertEquals("""
                monitor_proc: enabled
                  version_proc_show                        calls 3
                  monitor cmdline_proc_show                calls 8  total 100.00 us  mean 12.50 us  missed 0
                  monitor vfs_read                         calls 0  total 0 ns  mean -  missed 2
                """, status.out());
    }

    @Test
    void overrideWritesTheVersionOrAuto(@TempDir Path dir) throws IOException {
        Path f = adaptiveTree(dir);
        Run r = run("override", "adaptive_cmdline", "cmdline_proc_show", "original", "--sysfs", dir.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals("original\n", Files.readString(f.resolve("override")));
        assertEquals("adaptive_cmdline: cmdline_proc_show: every call runs original\n", r.out());
        r = run("override", "adaptive_cmdline", "cmdline_proc_show", "auto", "--sysfs", dir.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals("auto\n", Files.readString(f.resolve("override")));
    }

    @Test
    void overrideNamesWhatExists(@TempDir Path dir) throws IOException {
        adaptiveTree(dir);
        Run r = run("override", "adaptive_cmdline", "cmdline_proc_show", "v9", "--sysfs", dir.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("dynamos: 'cmdline_proc_show' has no version 'v9' in 'adaptive_cmdline'; "
                + "its versions: cmdline_proc_show_cat, original (or auto)\n", r.err());
        r = run("override", "adaptive_cmdline", "vfs_read", "auto", "--sysfs", dir.toString());
        assertEquals("dynamos: update 'adaptive_cmdline' does not replace 'vfs_read'; it replaces: cmdline_proc_show\n",
                r.err());
        r = run("override", "nope", "f", "auto", "--sysfs", dir.toString());
        assertTrue(r.err().contains("no update 'nope' is loaded"), r.err());
        assertEquals(ExitCodes.USAGE, run("override", "adaptive_cmdline", "--sysfs", dir.toString()).code());
    }

    @Test
    void knobShowsAndSets(@TempDir Path dir) throws IOException {
        adaptiveTree(dir);
        Run r = run("knob", "adaptive_cmdline", "--sysfs", dir.toString());
        assertEquals("adaptive_cmdline: marked = 1\n", r.out());
        r = run("knob", "adaptive_cmdline", "marked", "false", "--sysfs", dir.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        // the fake file keeps what was written; the kernel would read back 0
        assertEquals("adaptive_cmdline: marked = false\n", r.out());
        r = run("knob", "adaptive_cmdline", "limit", "3", "--sysfs", dir.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("dynamos: update 'adaptive_cmdline' has no knob 'limit'; its knobs: marked\n", r.err());
        r = run("knob", "adaptive_cmdline", "../enabled", "--sysfs", dir.toString());
        assertEquals(ExitCodes.USAGE, r.code());
    }
}
