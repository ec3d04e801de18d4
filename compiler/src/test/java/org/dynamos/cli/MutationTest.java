package org.dynamos.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dynamos.image.ElfFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: whatever a user does to a valid script — delete, duplicate or
 * swap pieces, insert stray keywords and symbols — `dynamos check` never
 * throws; it exits 0 or 1, and with 1 it prints at least one diagnostic.
 * Seeded, so a failure reproduces.
 */
class MutationTest {
    static final List<Path> SEEDS = List.of(
            Path.of("src/test/resources/valid/every-construct.dyn"),
            Path.of("../examples/cmdline-hello/cmdline-hello.dyn"),
            Path.of("../examples/version-note/version-note.dyn"));
    static final String[] NOISE = {"update", "replace", "with", "when", "group", "{", "}", "(", ")", ";", ":", "..",
        "&&", "!", "==", "\"", "/*", "*/", "//", "0x", "10s", "-", "arg.", "knob.", "version", "default", "phase",
        "safepoint", "\n", "\0", "\u00e9", "9999999999999999999999"};

    @TempDir
    Path dir;

    @Test
    void checkNeverThrowsOnMutatedScripts() throws IOException {
        Path vmlinux = ElfFixtures.fakeVmlinux(Files.createDirectories(dir.resolve("image")));
        Files.writeString(dir.resolve("linger.c"), "int x;\n");
        Files.writeString(dir.resolve("hello.c"), "int x;\n");
        Files.writeString(dir.resolve("version.c"), "int x;\n");
        Random random = new Random(20261128);
        int errors = 0;
        for (int round = 0; round < 600; round++) {
            String seed = Files.readString(SEEDS.get(round % SEEDS.size()));
            String mutated = mutate(seed, random, 1 + random.nextInt(4));
            Path script = dir.resolve("m.dyn");
            Files.writeString(script, mutated);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), "check", script.toString(),
                    "--vmlinux", vmlinux.toString());
            String report = "round " + round + ":\n" + mutated + "\n---\n" + err;
            assertTrue(code == 0 || code == 1, report);
            assertFalse(err.toString().contains("internal error"), report);
            if (code == 1) {
                assertTrue(err.toString().contains("error["), report);
                errors++;
            }
        }
        assertTrue(errors > 300, "most mutations should break the script: " + errors);
    }

    static String mutate(String text, Random random, int times) {
        List<String> pieces = new ArrayList<>(Arrays.asList(text.split("(?<=[\\s;{}()])|(?=[\\s;{}()])")));
        for (int i = 0; i < times && !pieces.isEmpty(); i++) {
            int at = random.nextInt(pieces.size());
            switch (random.nextInt(4)) {
                case 0 -> pieces.remove(at);
                case 1 -> pieces.add(at, pieces.get(random.nextInt(pieces.size())));
                case 2 -> pieces.add(at, NOISE[random.nextInt(NOISE.length)]);
                default -> {
                    int other = random.nextInt(pieces.size());
                    String t = pieces.get(at);
                    pieces.set(at, pieces.get(other));
                    pieces.set(other, t);
                }
            }
        }
        return String.join("", pieces);
    }
}
