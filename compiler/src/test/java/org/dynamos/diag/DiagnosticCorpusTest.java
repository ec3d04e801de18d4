package org.dynamos.diag;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.approvaltests.Approvals;
import org.dynamos.driver.Compilation;
import org.approvaltests.integrations.junit5.JupiterApprovals;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The error corpus: every script under src/test/resources/diagnostics is
 * invalid; its diagnostics, as the user sees them, are approved golden files
 * (DiagnosticCorpusTest.everyCaseMatchesItsGoldenFile.NAME.approved.txt). The file name starts with the
 * code it exercises.
 */
class DiagnosticCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/diagnostics");

    static List<Path> cases() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(p -> p.toString().endsWith(".dyn")).sorted().collect(Collectors.toList());
        }
    }

    static String render(Path script) {
        Compilation.Result result;
        try {
            result = Compilation.compile(script, () -> {
            throw new AssertionError("script-level errors must be found before the kernel image is opened");
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertFalse(result.ok(), script + " should have errors");
        return result.diagnostics().sorted().stream().map(DiagnosticPrinter::render)
                .collect(Collectors.joining("\n"));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesItsGoldenFile() throws IOException {
        return cases().stream().map(script -> JupiterApprovals.dynamicTest(
                script.getFileName().toString().replace(".dyn", ""),
                options -> Approvals.verify(render(script), options)));
    }

    @Test
    void everyCaseReportsTheCodeInItsName() throws IOException {
        for (Path script : cases()) {
            String name = script.getFileName().toString();
            if (name.matches("E\\d{4}-.*")) {
                String code = name.substring(0, 5);
                assertTrue(render(script).contains("error[" + code + "]"), name + " does not report " + code);
            }
        }
    }

    @Test
    void everyCodeHasDocumentation() {
        for (String code : Messages.codes()) {
            assertTrue(Messages.explanation(code).isPresent(), code + " has no explain/" + code + ".md");
            assertTrue(Messages.title(code).isPresent(), code + " has no title");
        }
    }
}
