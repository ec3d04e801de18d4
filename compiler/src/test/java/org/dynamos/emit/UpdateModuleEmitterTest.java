package org.dynamos.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.approvaltests.Approvals;
import org.dynamos.driver.Compilation;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.Region;
import org.dynamos.image.SymbolBinding;
import org.dynamos.image.SymbolType;
import org.dynamos.kernel.KernelStore;
import org.dynamos.plan.FunctionPlan;
import org.dynamos.plan.UpdatePlan;
import org.dynamos.syntax.Parser;
import org.dynamos.syntax.Script;
import org.dynamos.syntax.SourceFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The generated module sources, approved as golden files. */
class UpdateModuleEmitterTest {

    /** The example's plan, with the symbol as the default kernel has it (address and size do not reach the C). */
    static UpdatePlan examplePlan() {
        Path script = Path.of("../examples/cmdline-hello/cmdline-hello.dyn");
        Script parsed = Parser.parse(new SourceFile(script, """
                update cmdline_hello {
                    source "hello.c";
                    replace cmdline_proc_show with cmdline_proc_show_v2;
                }
                """)).script();
        KernelSymbol original = new KernelSymbol("cmdline_proc_show", 0xffffffff81383a70L, 0x2d, SymbolType.FUNC,
                SymbolBinding.LOCAL, ".text", "cmdline.c", Region.TEXT);
        var update = parsed.updates().get(0);
        return new UpdatePlan("cmdline_hello", script, update, List.of(script.resolveSibling("hello.c")),
                List.of(new FunctionPlan(update.replaces().get(0), original, 0, "cmdline_proc_show_v2")),
                "0123456789abcdef0123456789abcdef01234567");
    }

    @Test
    void glueOfTheExample() {
        Approvals.verify(UpdateModuleEmitter.emit(examplePlan()).files().get(UpdateModuleEmitter.GLUE));
    }

    /** Monitors: declared like the originals (bound after the build) and listed in a table. */
    @Test
    void glueWithMonitors() {
        UpdatePlan p = examplePlan();
        KernelSymbol vfsRead = new KernelSymbol("vfs_read", 0xffffffff812f0000L, 0x1a0, SymbolType.FUNC,
                SymbolBinding.GLOBAL, ".text", null, Region.TEXT);
        KernelSymbol cmdline = p.functions().get(0).original();
        UpdatePlan monitored = new UpdatePlan(p.name(), p.script(), p.decl(), p.sources(), p.functions(), p.buildId(),
                List.of(vfsRead, cmdline));
        Approvals.verify(UpdateModuleEmitter.emit(monitored).files().get(UpdateModuleEmitter.GLUE));
    }

    /** An update of monitor lines only: no function table, nr_funcs 0, no user objects. */
    @Test
    void glueOfAMonitorOnlyUpdate() {
        Path script = Path.of("count_reads.dyn");
        var update = Parser.parse(new SourceFile(script, "update count_reads {\n    monitor vfs_read;\n}\n"))
                .script().updates().get(0);
        KernelSymbol vfsRead = new KernelSymbol("vfs_read", 0xffffffff812f0000L, 0x1a0, SymbolType.FUNC,
                SymbolBinding.GLOBAL, ".text", null, Region.TEXT);
        UpdatePlan plan = new UpdatePlan("count_reads", script, update, List.of(), List.of(),
                "0123456789abcdef0123456789abcdef01234567", List.of(vfsRead));
        var files = UpdateModuleEmitter.emit(plan).files();
        Approvals.verify(files.get(UpdateModuleEmitter.GLUE) + "\n/* ---- Kbuild ---- */\n" + files.get("Kbuild"));
    }

    /**
     * Safe points: quiescent ones over a group and over one function, a drained one over
     * the whole update (each scope as indexes into funcs[]), timeouts in milliseconds
     * (500us rounds up to 1 ms); the immediate one needs no entry.
     */
    /**
     * A multi-phase update: one function table and one safe point table per phase (scopes index
     * the phase's own functions), version tables prefixed by the phase (a function replaced in
     * two phases), and the phases in order; the update itself has no functions.
     */
    @Test
    void glueWithPhases() {
        Path script = Path.of("pipes.dyn");
        var update = Parser.parse(new SourceFile(script, """
                update pipe_buffers {
                    source "pipes.c";
                    on revert call free_counters;
                    phase intermediate {
                        replace pipe_write with pipe_write_counting;
                        safepoint drained(pipe_write) timeout 2s;
                        on activate call start_counting;
                        migrate pipes with pipes_to_counting;
                    }
                    phase final {
                        replace pipe_read with pipe_read_4page;
                        replace pipe_write with pipe_write_4page when current.uid == 1000;
                        safepoint quiescent(pipe_read) timeout 1s retries 3;
                    }
                }
                """)).script().updates().get(0);
        List<FunctionPlan> functions = new java.util.ArrayList<>();
        for (var r : update.replaces()) {
            String name = r.target().name().text();
            KernelSymbol sym = new KernelSymbol(name, name.equals("pipe_read") ? 0xffffffff81300000L : 0xffffffff81300800L,
                    0x400, SymbolType.FUNC, SymbolBinding.GLOBAL, ".text", "pipe.c", Region.TEXT);
            functions.add(new FunctionPlan(r, sym, 0, r.versions().get(0).name().text()));
        }
        UpdatePlan plan = new UpdatePlan("pipe_buffers", script, update, List.of(script.resolveSibling("pipes.c")),
                functions, "");
        Approvals.verify(UpdateModuleEmitter.glue(plan, List.of(), Map.of())
                + "\n/* " + PrototypeHeader.FILE + ", hooks: */" + UpdateModuleEmitter.hookPrototypes(plan));
    }

    /**
     * A restart: the entry's unconditional redirection follows the replaced functions in funcs[],
     * the restart table names it and waits as long as the safe point.
     */
    @Test
    void glueWithRestart() {
        Path script = Path.of("reclaim.dyn");
        var update = Parser.parse(new SourceFile(script, """
                update reclaim_v2 {
                    source "reclaim.c";
                    replace balance_pgdat with balance_pgdat_v2;
                    restart thread kswapd with kswapd_v2;
                    safepoint quiescent timeout 3s;
                }
                """)).script().updates().get(0);
        List<FunctionPlan> functions = new java.util.ArrayList<>();
        for (var r : update.replaces()) {
            KernelSymbol sym = new KernelSymbol("balance_pgdat", 0xffffffff81292010L, 0xa32, SymbolType.FUNC,
                    SymbolBinding.LOCAL, ".text", "vmscan.c", Region.TEXT);
            functions.add(new FunctionPlan(r, sym, 0, r.versions().get(0).name().text()));
        }
        for (var t : update.body().restarts()) {
            KernelSymbol sym = new KernelSymbol("kswapd", 0xffffffff81292a50L, 0x39c, SymbolType.FUNC,
                    SymbolBinding.LOCAL, ".text", "vmscan.c", Region.TEXT);
            functions.add(new FunctionPlan(org.dynamos.check.Checker.restartRedirect(t), sym, 0,
                    t.replacement().text()));
        }
        UpdatePlan plan = new UpdatePlan("reclaim_v2", script, update, List.of(script.resolveSibling("reclaim.c")),
                functions, "");
        Approvals.verify(UpdateModuleEmitter.glue(plan, List.of(), Map.of()));
    }

    /**
     * Shadow fields: the table names each struct's free function (bound after the build), each
     * entry's address is the field's key; the prototype header gets typed accessors. The update is
     * cumulative: its descriptor names the update it takes over from.
     */
    @Test
    void glueWithShadows() {
        Path script = Path.of("newpid.dyn");
        var update = Parser.parse(new SourceFile(script, """
                update newpid {
                    source "newpid.c";
                    replaces newpid_v0;
                    shadow task_struct.newpid: s32;
                    shadow pipe_inode_info.bytes: u64;
                    replace proc_pid_status with proc_pid_status_v2;
                }
                """)).script().updates().get(0);
        List<FunctionPlan> functions = new java.util.ArrayList<>();
        for (var r : update.replaces()) {
            KernelSymbol sym = new KernelSymbol("proc_pid_status", 0xffffffff81400000L, 0x600, SymbolType.FUNC,
                    SymbolBinding.GLOBAL, ".text", "array.c", Region.TEXT);
            functions.add(new FunctionPlan(r, sym, 0, r.versions().get(0).name().text()));
        }
        List<org.dynamos.plan.ShadowPlan> shadows = List.of(
                new org.dynamos.plan.ShadowPlan(update.shadows().get(0), new KernelSymbol("free_task",
                        0xffffffff81080000L, 0x80, SymbolType.FUNC, SymbolBinding.GLOBAL, ".text", "fork.c", Region.TEXT)),
                new org.dynamos.plan.ShadowPlan(update.shadows().get(1), new KernelSymbol("free_pipe_info",
                        0xffffffff81390000L, 0x100, SymbolType.FUNC, SymbolBinding.GLOBAL, ".text", "pipe.c", Region.TEXT)));
        UpdatePlan plan = new UpdatePlan("newpid", script, update, List.of(script.resolveSibling("newpid.c")),
                functions, "", List.of(), shadows);
        Approvals.verify(UpdateModuleEmitter.glue(plan, List.of(), Map.of())
                + "\n/* " + PrototypeHeader.FILE + ", shadow accessors: */" + UpdateModuleEmitter.shadowAccessors(shadows));
    }

    /**
     * A multi-phase cumulative update with a shadow field: the field is the update's (its table and
     * keys come before the phases' tables, whose versions reach it), and the descriptor names the
     * update it takes over from beside its phases.
     */
    @Test
    void glueWithPhasesShadowsAndReplaces() {
        Path script = Path.of("phased.dyn");
        var update = Parser.parse(new SourceFile(script, """
                update tag_phased {
                    source "phased.c";
                    replaces tag_v1;
                    shadow task_struct.tag: s32;
                    phase record {
                        replace wake_up_new_task with wake_up_new_task_phased;
                    }
                    phase show {
                        safepoint drained;
                        replace proc_pid_status {
                            version proc_pid_status_phased when current.uid == 0;
                        }
                    }
                }
                """)).script().updates().get(0);
        List<FunctionPlan> functions = new java.util.ArrayList<>();
        for (var r : update.replaces()) {
            String name = r.target().name().text();
            KernelSymbol sym = new KernelSymbol(name, name.equals("proc_pid_status") ? 0xffffffff81400000L
                    : 0xffffffff810c0000L, 0x600, SymbolType.FUNC, SymbolBinding.GLOBAL, ".text", "x.c", Region.TEXT);
            functions.add(new FunctionPlan(r, sym, 0, r.versions().get(0).name().text()));
        }
        List<org.dynamos.plan.ShadowPlan> shadows = List.of(new org.dynamos.plan.ShadowPlan(update.shadows().get(0),
                new KernelSymbol("free_task", 0xffffffff81080000L, 0x80, SymbolType.FUNC, SymbolBinding.GLOBAL, ".text",
                        "fork.c", Region.TEXT)));
        UpdatePlan plan = new UpdatePlan("tag_phased", script, update, List.of(script.resolveSibling("phased.c")),
                functions, "", List.of(), shadows);
        Approvals.verify(UpdateModuleEmitter.glue(plan, List.of(), Map.of()));
    }

    @Test
    void glueWithSafePoints() {
        Path script = Path.of("sched.dyn");
        var update = Parser.parse(new SourceFile(script, """
                update sched_fix {
                    source "sched.c";
                    group pick atomic {
                        replace pick_next_task_fair with pick_v2;
                        replace check_preempt_wakeup with check_v2;
                    }
                    replace task_tick_fair with tick_v2;
                    safepoint quiescent(pick) timeout 10s retries 5;
                    safepoint quiescent(task_tick_fair) timeout 500us;
                    safepoint drained;
                }
                """)).script().updates().get(0);
        List<FunctionPlan> functions = new java.util.ArrayList<>();
        for (var r : update.replaces()) {
            KernelSymbol sym = new KernelSymbol(r.target().name().text(), 0xffffffff810c0000L + functions.size() * 0x400L,
                    0x200, SymbolType.FUNC, SymbolBinding.GLOBAL, ".text", "fair.c", Region.TEXT);
            functions.add(new FunctionPlan(r, sym, 0, r.versions().get(0).name().text()));
        }
        UpdatePlan plan = new UpdatePlan("sched_fix", script, update, List.of(script.resolveSibling("sched.c")),
                functions, "0123456789abcdef0123456789abcdef01234567");
        Approvals.verify(UpdateModuleEmitter.safepointTable(plan));
    }

    @Test
    void kbuildOfTheExample() {
        // The sources' directory is absolute: shown relative to the repository, wherever it is checked out.
        Approvals.verify(UpdateModuleEmitter.emit(examplePlan()).files().get("Kbuild")
                .replace(Path.of("..").toAbsolutePath().normalize().toString(), "<repository>"));
    }

    @Test
    void adaptiveVersionsKnobsAndPredicatesAgainstTheRealKernel() throws IOException {
        var kernel = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(kernel.isPresent(), "default kernel not fetched");
        Compilation.Result r = Compilation.compile(Path.of("src/test/resources/valid/adaptive.dyn"),
                () -> ElfKernelImage.open(kernel.get().vmlinux()));
        assertEquals(List.of(), r.diagnostics().sorted());
        var files = UpdateModuleEmitter.emit(r.plans().get(0)).files();
        String glue = files.get(UpdateModuleEmitter.GLUE);
        // sizes and field offsets come from this kernel's image; the golden file pins them for 6.1
        Approvals.verify(glue.replaceAll("\\.old_size = 0x[0-9a-f]+", ".old_size = 0x####")
                .replaceAll("(?s)built_for\\[\\] = \\{.*?\\};", "built_for[] = { /* this kernel's build-id */ };")
                + "\n/* ---- " + PrototypeHeader.FILE + " ---- */\n" + files.get(PrototypeHeader.FILE));
    }

    @Test
    void theRealKernelGivesTheSamePlan() throws IOException {
        var kernel = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(kernel.isPresent(), "default kernel not fetched");
        Compilation.Result r = Compilation.compile(Path.of("../examples/cmdline-hello/cmdline-hello.dyn"),
                () -> ElfKernelImage.open(kernel.get().vmlinux()));
        assertEquals(List.of(), r.diagnostics().sorted());
        FunctionPlan f = r.plans().get(0).functions().get(0);
        assertEquals("cmdline_proc_show", f.original().name());
        assertEquals(0, f.fentryOffset());
        try (KernelImage image = ElfKernelImage.open(kernel.get().vmlinux())) {
            assertEquals(List.of(f.original()), image.symbols("cmdline_proc_show"));
        }
    }

    /**
     * examples/syscall-hostname and examples/shared-static against the real kernel: the system call's
     * entry points of both ABIs (the parameter types from this kernel's linux/syscalls.h), the new
     * version's prototype, and a bound static, as generated.
     */
    @Test
    void syscallEntryPointsAndBoundStaticsAgainstTheRealKernel() throws IOException {
        var kernel = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(kernel.isPresent(), "default kernel not fetched");
        StringBuilder out = new StringBuilder();
        for (String example : List.of("syscall-hostname", "shared-static")) {
            Compilation.Result r = Compilation.compile(Path.of("../examples/" + example + "/" + example + ".dyn"),
                    () -> ElfKernelImage.open(kernel.get().vmlinux()));
            assertEquals(List.of(), r.diagnostics().sorted());
            var files = UpdateModuleEmitter.emit(r.plans().get(0), java.util.Map.of(), List.of(),
                    org.dynamos.build.SyscallPrototypes.of(kernel.get().kdir())).files();
            String header = files.get(PrototypeHeader.FILE);
            out.append("/* ---- ").append(example).append(": ").append(PrototypeHeader.FILE).append(" ---- */\n")
                    .append(header);
            if (files.containsKey(UpdateModuleEmitter.SYSCALLS)) {
                out.append("/* ---- ").append(UpdateModuleEmitter.SYSCALLS).append(" ---- */\n")
                        .append(files.get(UpdateModuleEmitter.SYSCALLS));
            }
            out.append("/* ---- Kbuild ---- */\n").append(files.get("Kbuild").replaceAll("-I'[^']*'", "-I'DIR'"));
        }
        Approvals.verify(out.toString());
    }
    /**
     * examples/module-binfmt against the real kernel's binfmt_misc.ko: functions of a loadable
     * module (.objname, .old_addr 0, size and fentry offset of the .ko), orig_ of a module function
     * and a bound module symbol through the modsyms[] the runtime sets, nothing for the binder.
     */
    @Test
    void functionsAndSymbolsOfALoadableModuleAgainstTheRealKernel() throws IOException {
        var kernel = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(kernel.isPresent(), "default kernel not fetched");
        Compilation.Result r = Compilation.compile(Path.of("../examples/module-binfmt/module-binfmt.dyn"),
                () -> ElfKernelImage.open(kernel.get().vmlinux()));
        assertEquals(List.of(), r.diagnostics().sorted());
        var files = UpdateModuleEmitter.emit(r.plans().get(0)).files();
        String glue = files.get(UpdateModuleEmitter.GLUE);
        assertFalse(glue.contains("__dynamos_orig_bm_"), glue); // no extern for the binder to bind
        Approvals.verify(glue.replaceAll("(?s)built_for\\[\\] = \\{.*?\\};", "built_for[] = { /* this kernel's build-id */ };")
                + "\n/* ---- " + PrototypeHeader.FILE + " ---- */\n" + files.get(PrototypeHeader.FILE));
    }
}
