package org.dynamos.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.approvaltests.Approvals;
import org.dynamos.diag.DiagnosticPrinter;
import org.dynamos.diag.Diagnostics;
import org.dynamos.syntax.Parser;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.SafepointDecl;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.SourceFile;
import org.dynamos.syntax.Update;
import org.junit.jupiter.api.Test;

/** A script using every construct parses into the expected AST and passes every script-level check. */
class ValidScriptsTest {
    static final Path EVERY = Path.of("src/test/resources/valid/every-construct.dyn");

    static Script parse(Path p) throws IOException {
        Parser.Result r = Parser.parse(new SourceFile(p, Files.readString(p)));
        assertEquals(List.of(), r.diagnostics());
        return r.script();
    }

    @Test
    void everyConstructIsValid() throws IOException {
        Diagnostics d = new Diagnostics();
        Checker.checkScript(parse(EVERY), d);
        assertEquals("", d.sorted().stream().map(DiagnosticPrinter::render).collect(Collectors.joining()));
    }

    @Test
    void everyConstructReachesTheTree() throws IOException {
        Script s = parse(EVERY);
        Update u = s.updates().get(0);
        assertEquals("Linger-Longer: guest processes run only when the host is idle", u.descriptions().get(0).value());
        assertEquals("6.1.0-*-cloud-amd64", u.kernels().get(0).value());
        assertEquals(List.of("guest_uid", "verbose", "budget"), u.knobs().stream().map(k -> k.name().text()).toList());
        assertEquals("task_struct", u.shadows().get(0).struct().text());
        assertEquals("sched", u.body().groups().get(0).name().text());
        assertTrue(u.body().groups().get(0).atomicKeyword());
        assertEquals(List.of("pick_next_task_fair", "check_preempt_wakeup", "\"fs/namei.c\":may_open", "vfs_read"),
                u.replaces().stream().map(r -> r.target().toString()).toList());
        ReplaceDecl mayOpen = u.replaces().get(2);
        assertEquals("((current.euid != 0) && ((arg.acc_mode & 0x2) != 0))",
                mayOpen.versions().get(0).predicate().orElseThrow().toString(),
                "& binds tighter than comparisons, which bind tighter than &&");
        assertTrue(mayOpen.fallbackSpan().isPresent() && mayOpen.fallback().isEmpty(), "default original");
        assertEquals("vfs_read_v3", u.replaces().get(3).fallback().orElseThrow().text());
        assertEquals(List.of(SafepointDecl.Kind.QUIESCENT, SafepointDecl.Kind.DRAINED),
                u.body().safepoints().stream().map(SafepointDecl::kind).toList());
        assertEquals(10_000_000_000L, SafepointsAreWellFormed.nanos(u.body().safepoints().get(0).timeout().orElseThrow()));
        assertEquals("kswapd", u.body().restarts().get(0).entry().toString());
        assertEquals(2, u.body().hooks().size());
        assertEquals("runqueue", u.body().migrations().get(0).what().text());
        assertEquals(3, u.body().monitors().get(0).functions().size());
        Update phased = s.updates().get(1);
        assertEquals(List.of("intermediate", "final"), phased.phases().stream().map(p -> p.name().text()).toList());
        assertEquals(3, phased.replaces().size(), "pipe_write twice (once per phase) and pipe_read");
    }

    @Test
    void theRuntimeSupportGateNamesWhatCannotBeBuiltYet() throws IOException {
        Diagnostics d = new Diagnostics();
        new RuntimeSupport().check(parse(EVERY), d);
        Approvals.verify(d.sorted().stream().map(DiagnosticPrinter::render).collect(Collectors.joining("\n")));
    }

    /** What `dynamos check` says of the same constructs: warnings, the script stays valid. */
    @Test
    void checkWarnsAboutWhatTheBuildWouldRefuse() throws IOException {
        Diagnostics d = new Diagnostics();
        new RuntimeSupport("W0304").check(parse(EVERY), d);
        assertFalse(d.hasErrors());
        Approvals.verify(d.sorted().stream().map(DiagnosticPrinter::render).collect(Collectors.joining("\n")));
    }

    @Test
    void theExamplesNeedNothingTheRuntimeLacks() throws IOException {
        for (String example : List.of("cmdline-hello/cmdline-hello.dyn", "version-note/version-note.dyn",
                "adaptive-cmdline/adaptive-cmdline.dyn", "monitor-proc/monitor-proc.dyn",
                "wrap-cmdline/wrap-cmdline.dyn", "quiescent-fifo/quiescent-fifo.dyn",
                "two-phase-pipes/two-phase-pipes.dyn", "cmdline-since/cmdline-since.dyn",
                "switch-census/switch-census.dyn", "openwall-fifo/openwall-fifo.dyn",
                "openwall-links/openwall-links.dyn")) {
            Diagnostics d = new Diagnostics();
            Script s = parse(Path.of("../examples").resolve(example));
            Checker.checkScript(s, d);
            new RuntimeSupport().check(s, d);
            assertFalse(d.hasErrors(), example);
        }
    }

    /** An update of monitor lines only (no source needed), or of restart lines only, does something: no E0105. */
    @Test
    void monitorOnlyAndRestartOnlyUpdatesAreValid() throws IOException {
        for (String script : List.of("monitor-only.dyn", "restart-only.dyn")) {
            Diagnostics d = new Diagnostics();
            Checker.checkScript(parse(Path.of("src/test/resources/valid").resolve(script)), d);
            assertEquals("", d.sorted().stream().map(DiagnosticPrinter::render).collect(Collectors.joining()), script);
        }
        Diagnostics d = new Diagnostics();
        new RuntimeSupport().check(parse(Path.of("src/test/resources/valid/monitor-only.dyn")), d);
        assertFalse(d.hasErrors(), "a monitor-only update is built");
    }

    @Test
    void aCgroupPredicateIsNotBuiltYet(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path script = dir.resolve("cg.dyn");
        Files.writeString(script, """
                update cg {
                    source "x.c";
                    replace vfs_read with vfs_read_v2 when current.cgroup == "/batch" || cpu == 1;
                }
                """);
        Diagnostics d = new Diagnostics();
        new RuntimeSupport().check(parse(script), d);
        assertEquals(1, d.sorted().size(), d.sorted().toString());
        assertTrue(DiagnosticPrinter.render(d.sorted().get(0))
                .contains("error[E0304]: a predicate on current.cgroup is checked, but this runtime cannot run it yet"),
                d.sorted().toString());
    }
}
