package org.dynamos.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.approvaltests.Approvals;
import org.approvaltests.integrations.junit5.JupiterApprovals;
import org.dynamos.diag.DiagnosticPrinter;
import org.dynamos.driver.Compilation;
import org.dynamos.image.ElfFixtures;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.plan.FunctionPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replace targets checked against a tiny vmlinux built with gcc at test time
 * (src/test/resources/org/dynamos/image): each script under
 * src/test/resources/kernel-diagnostics has approved diagnostics.
 */
class KernelChecksTest {
    static final Path CORPUS = Path.of("src/test/resources/kernel-diagnostics");

    @TempDir
    static Path dir;
    static Path vmlinux;

    @BeforeAll
    static void buildFixture() throws IOException {
        vmlinux = ElfFixtures.fakeVmlinux(dir);
    }

    static Compilation.Result compile(Path script) {
        try {
            return Compilation.compile(script, () -> ElfKernelImage.open(vmlinux));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyInvalidTargetIsReported() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(CORPUS)) {
            cases = files.filter(p -> p.getFileName().toString().matches("[EW]\\d{4}-.*\\.dyn")).sorted()
                    .collect(Collectors.toList());
        }
        return cases.stream().map(script -> JupiterApprovals.dynamicTest(
                script.getFileName().toString().replace(".dyn", ""), options -> {
                    Compilation.Result r = compile(script);
                    String code = script.getFileName().toString().substring(0, 5);
                    boolean warning = code.startsWith("W");
                    assertEquals(warning, r.ok(), "a warning alone does not fail the check; an error does");
                    String text = r.diagnostics().sorted().stream().map(DiagnosticPrinter::render)
                            .collect(Collectors.joining("\n"));
                    assertTrue(text.contains((warning ? "warning[" : "error[") + code + "]"), text);
                    Approvals.verify(text, options);
                }));
    }

    @Test
    void aRestartedThreadLoopIsNotWarnedAbout() throws IOException {
        Path d = Files.createDirectories(dir.resolve("restarted"));
        Files.copy(CORPUS.resolve("ok.c"), d.resolve("ok.c"));
        Path script = Files.writeString(d.resolve("restarted.dyn"),
                "update u {\n    source \"ok.c\";\n    restart thread kswapd with v1;\n}\n");
        Compilation.Result r = compile(script);
        assertTrue(r.ok(), r.diagnostics().sorted().toString());
        assertTrue(r.diagnostics().sorted().stream().noneMatch(x -> x.code().equals("W0212")),
                r.diagnostics().sorted().toString());
        // the restart redirects the entry: one function, kswapd -> v1
        assertEquals(List.of("kswapd -> v1"), r.plans().get(0).functions().stream()
                .map(f -> f.original().name() + " -> " + f.replacement()).toList());
        // replaced without the restart, the warning (and its advice to restart) stays
        Files.writeString(script, "update u {\n    source \"ok.c\";\n    replace kswapd with v1;\n}\n");
        assertTrue(compile(script).diagnostics().sorted().stream().anyMatch(x -> x.code().equals("W0212")));
    }

    @Test
    void validTargetsResolveToOneFunctionEach() {
        Compilation.Result r = compile(CORPUS.resolve("valid.dyn"));
        assertEquals(List.of(), r.diagnostics().sorted());
        List<String> resolved = r.plans().get(0).functions().stream()
                .map(f -> f.original().name() + "@" + f.original().fileName() + "+" + f.fentryOffset())
                .collect(Collectors.toList());
        assertEquals(List.of("text_target@null+0", "alias_b@null+0", "dup_static@one.c+0", "dup_static@two.c+0",
                "may_open@namei.c+0", "may_open@namei.c+0", "global_and_static@one.c+0", "kswapd@vmscan.c+0"), resolved);
        List<Long> addresses = r.plans().get(0).functions().stream().map(FunctionPlan::original)
                .map(s -> s.address()).distinct().collect(Collectors.toList());
        assertEquals(8, addresses.size(), "eight different functions");
    }
}
