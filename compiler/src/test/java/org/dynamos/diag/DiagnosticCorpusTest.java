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
import org.approvaltests.core.Options;
import org.dynamos.driver.Compilation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The error corpus: every script under src/test/resources/diagnostics is
 * invalid; its diagnostics, as the user sees them, are approved golden files
 * (DiagnosticCorpusTest.NAME.approved.txt). The file name starts with the
 * code it exercises.
 */
class DiagnosticCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/diagnostics");

    static List<Path> cases() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(p -> p.toString().endsWith(".dyn")).sorted().collect(Collectors.toList());
        }
    }

    static String render(Path script) throws IOException {
        Compilation.Result result = Compilation.compile(script, () -> {
            throw new AssertionError("script-level errors must be found before the kernel image is opened");
        });
        assertFalse(result.ok(), script + " should have errors");
        return result.diagnostics().sorted().stream().map(DiagnosticPrinter::render)
                .collect(Collectors.joining("\n"));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesItsGoldenFile() throws IOException {
        return cases().stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> {
            String name = script.getFileName().toString().replace(".dyn", "");
            Approvals.verify(render(script), new Options().forFile().withBaseName("corpus/" + name));
        }));
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
