package org.dynamos.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every diagnostic code of the catalog appears in at least one approved golden file. */
class EveryCodeIsExercisedTest {

    @Test
    void everyCodeHasAGoldenCase() throws IOException {
        String goldens;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            goldens = files.filter(p -> p.toString().endsWith(".approved.txt")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
        List<String> missing = Messages.codes().stream()
                .filter(code -> !goldens.contains("[" + code + "]")).toList();
        assertEquals(List.of(), missing, "codes without a golden case");
    }
}
