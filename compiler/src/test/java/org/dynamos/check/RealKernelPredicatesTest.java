package org.dynamos.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.approvaltests.Approvals;
import org.approvaltests.integrations.junit5.JupiterApprovals;
import org.dynamos.diag.DiagnosticPrinter;
import org.dynamos.driver.Compilation;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.kernel.KernelStore;
import org.dynamos.plan.FunctionPlan;
import org.dynamos.syntax.Expr;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Function arguments in predicates, typed by the real kernel's BTF (cases in src/test/resources/btf-diagnostics). */
class RealKernelPredicatesTest {
    static final Path CASES = Path.of("src/test/resources/btf-diagnostics");
    static KernelInstall kernel;

    @BeforeAll
    static void kernel() {
        var installed = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(installed.isPresent(), "the default kernel is not fetched (scripts/setup.sh)");
        kernel = installed.get();
    }

    static Compilation.Result compile(Path script) {
        try {
            return Compilation.compile(script, () -> ElfKernelImage.open(kernel.vmlinux()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyArgumentProblemIsReported() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(CASES)) {
            cases = files.filter(p -> p.getFileName().toString().matches("E\\d{4}-.*\\.dyn")).sorted().toList();
        }
        return cases.stream().map(script -> JupiterApprovals.dynamicTest(
                script.getFileName().toString().replace(".dyn", ""), options -> {
                    Compilation.Result r = compile(script);
                    assertFalse(r.ok());
                    String text = r.diagnostics().sorted().stream().map(DiagnosticPrinter::render)
                            .collect(Collectors.joining("\n"));
                    assertTrue(text.contains("error[" + script.getFileName().toString().substring(0, 5) + "]"), text);
                    Approvals.verify(text, options);
                }));
    }

    /**
     * Registers by the x86-64 calling convention, not by position: sockptr_t
     * optval (16 bytes) takes rcx and r8, so optlen, the fifth argument, is in
     * r9 (args[5]); a returned 36-byte struct takes rdi for its address.
     * Narrow values are read through their exact width.
     */
    @Test
    void argumentsAreReadFromTheirRegistersByTheCallingConvention() {
        Compilation.Result r = compile(CASES.resolve("valid.dyn"));
        assertTrue(r.ok(), () -> r.diagnostics().sorted().toString());
        assertEquals(Map.of(
                        "arg.optlen", "((u32)call->args[5])",
                        "arg.optval.is_kernel", "((bool)(call->args[4] & 0x1))",
                        "arg.optval.user", "((unsigned long)call->args[3])",
                        "arg.level", "((s32)call->args[1])"),
                accesses(r, "sock_setsockopt"));
        assertEquals(Map.of("arg.kt", "((s64)call->args[1])"), accesses(r, "rtc_ktime_to_tm"));
        // a shadow field: the task pointer (rcx) is only compared, never followed
        assertEquals(Map.of("arg.task.visits", "dynamos_shadow_load(call->args[3], DYNAMOS_SHADOW_0, u32)"),
                accesses(r, "proc_pid_status"));
        // a view: file.private_data read as a struct pipe_inode_info *, fault-safe at each step
        Map<String, String> pipe = accesses(r, "pipe_write");
        assertTrue(pipe.get("arg.iocb.ki_filp.private_data.bytes").startsWith("dynamos_shadow_load(dynamos_load(dynamos_load("),
                pipe.toString());
        assertTrue(pipe.get("arg.iocb.ki_filp.private_data.max_usage").startsWith("((u32)dynamos_load(dynamos_load(dynamos_load("),
                pipe.toString());
    }

    /** Each argument reference of the predicates of {@code function}, and the C that reads it. */
    static Map<String, String> accesses(Compilation.Result r, String function) {
        FunctionPlan plan = r.plans().get(0).functions().stream()
                .filter(f -> f.original().name().equals(function)).findFirst().orElseThrow();
        Map<String, String> out = new TreeMap<>();
        for (var v : plan.decl().versions()) {
            v.predicate().ifPresent(p -> collect(p, plan, out));
        }
        return out;
    }

    private static void collect(Expr e, FunctionPlan plan, Map<String, String> out) {
        if (e instanceof Expr.Ref ref && ref.root().text().equals("arg")) {
            out.put(ref.toString(), plan.arguments().get(ref.span()).expression());
        } else if (e instanceof Expr.Binary b) {
            collect(b.left(), plan, out);
            collect(b.right(), plan, out);
        } else if (e instanceof Expr.Not n) {
            collect(n.operand(), plan, out);
        }
    }

    @Test
    void argumentsFieldsAndShadowFieldsOfRealPrototypesAreAccepted() {
        Compilation.Result r = compile(CASES.resolve("valid.dyn"));
        assertEquals("", r.diagnostics().sorted().stream().map(DiagnosticPrinter::render).collect(Collectors.joining()));
    }
}
