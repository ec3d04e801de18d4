package org.dynamos.build;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import org.dynamos.image.KernelImage;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.kernel.KernelStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Problems only the build finds — C that does not compile, kernel names that
 * cannot be bound, a new version that is not a global function — reported
 * against the user's files, with nothing written to the output directory.
 * Builds with the default kernel's kbuild.
 */
class BuildDiagnosticsTest {
    static final Path CASES = Path.of("src/test/resources/build-diagnostics");

    @TempDir
    Path out;

    @TestFactory
    Stream<DynamicTest> everyBuildProblemIsReported() throws IOException {
        var installed = KernelStore.defaultStore().installed();
        Assumptions.assumeTrue(installed.isPresent(), "the default kernel is not fetched (scripts/setup.sh)");
        KernelInstall kernel = installed.get();
        List<Path> cases;
        try (Stream<Path> files = Files.list(CASES)) {
            cases = files.filter(p -> p.toString().endsWith(".dyn")).sorted().collect(Collectors.toList());
        }
        return cases.stream().map(script -> JupiterApprovals.dynamicTest(
                script.getFileName().toString().replace(".dyn", ""),
                options -> Approvals.verify(buildAndRender(script, kernel), options)));
    }

    /** Builds the script's update and renders the diagnostics, checking nothing was published. */
    String buildAndRender(Path script, KernelInstall kernel) {
        try {
            Compilation.Result c = Compilation.compile(script, () -> ElfKernelImage.open(kernel.vmlinux()));
            assertTrue(c.ok(), () -> c.diagnostics().sorted().toString());
            Path dir = out.resolve(script.getFileName().toString());
            ModuleBuilder.Outcome o;
            try (KernelImage image = ElfKernelImage.open(kernel.vmlinux())) {
                o = new ModuleBuilder(image, kernel.kdir(), new PrintStream(new ByteArrayOutputStream()))
                        .build(c.plans(), dir);
            }
            assertFalse(o.ok());
            String code = script.getFileName().toString().substring(0, 5);
            String text = o.diagnostics().sorted().stream().map(DiagnosticPrinter::render)
                    .collect(Collectors.joining("\n"));
            assertTrue(text.contains("error[" + code + "]"), text);
            try (Stream<Path> files = Files.list(dir)) {
                assertTrue(files.noneMatch(p -> p.toString().endsWith(".ko")), "no module is published");
            }
            // addresses change with every kernel release: the golden files keep the rest
            return text.replaceAll("0xffffffff[0-9a-f]{8}", "0xffffffff########");
        } catch (IOException | BuildException e) {
            throw new AssertionError(e);
        }
    }
}
