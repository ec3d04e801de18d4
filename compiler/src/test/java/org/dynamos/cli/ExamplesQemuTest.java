package org.dynamos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dynamos.kernel.KernelStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ./dynamos try} line of every example's README, run as written from the repository's
 * root, in its own JVM: each must exit 0 (the update loaded, enabled, reverted and unloaded, the
 * commands succeeded, the kernel reported no warning, BUG or oops).
 */
@Tag("qemu")
class ExamplesQemuTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The README's try commands, continuation lines joined, split into arguments as sh would. */
    static List<List<String>> tryCommands(Path readme) throws IOException {
        List<List<String>> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(readme);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("./dynamos try ")) {
                continue;
            }
            StringBuilder cmd = new StringBuilder();
            while (line.endsWith("\\") && i + 1 < lines.size()) {
                cmd.append(line, 0, line.length() - 1).append(' ');
                line = lines.get(++i).strip();
            }
            cmd.append(line);
            out.add(words(cmd.toString()));
        }
        return out;
    }

    /** Shell words: blanks separate, single quotes group. */
    static List<String> words(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : s.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (any) {
                    words.add(w.toString());
                    w.setLength(0);
                    any = false;
                }
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words;
    }

    @Test
    void readmeCommandsAreParsedAsTheShellWould() {
        assertEquals(List.of("./dynamos", "try", "a.dyn", "--run", "echo hi | cat; x"),
                words("./dynamos try a.dyn --run 'echo hi | cat; x'"));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleRunsAsItsReadmeSays() throws IOException {
        Assumptions.assumeTrue(KernelStore.defaultStore().installed().isPresent(), "default kernel not fetched");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(ROOT.resolve("examples"))) {
            for (Path dir : dirs.sorted().toList()) {
                Path readme = dir.resolve("README.md");
                if (!Files.isRegularFile(readme)) {
                    continue;
                }
                List<List<String>> commands = tryCommands(readme);
                assertFalse(commands.isEmpty(), readme + " has no ./dynamos try line");
                for (int i = 0; i < commands.size(); i++) {
                    List<String> cmd = commands.get(i);
                    tests.add(DynamicTest.dynamicTest(dir.getFileName() + " #" + (i + 1), () -> {
                        RelativePathsTest.Run r = RelativePathsTest.run(ROOT,
                                cmd.subList(1, cmd.size()).toArray(String[]::new));
                        assertEquals(0, r.code(), String.join(" ", cmd) + "\n" + r.out());
                        assertTrue(r.out().contains("try: "), r.out());
                    }));
                }
            }
        }
        return tests.stream();
    }
}
