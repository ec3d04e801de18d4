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
import org.dynamos.image.ElfKernelImage;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.kernel.KernelStore;
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

    @Test
    void argumentsFieldsAndShadowFieldsOfRealPrototypesAreAccepted() {
        Compilation.Result r = compile(CASES.resolve("valid.dyn"));
        assertEquals("", r.diagnostics().sorted().stream().map(DiagnosticPrinter::render).collect(Collectors.joining()));
    }
}
