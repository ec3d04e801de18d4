package org.dynamos.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import org.dynamos.check.Checker;
import org.dynamos.diag.Diagnostics;
import org.dynamos.syntax.Parser;
import org.dynamos.syntax.SourceFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (prints figures; asserts only correctness): parse and
 * script-level check of a 5,000-line script, warm. Target: under 300 ms.
 */
@Tag("benchmark")
class ParseAndCheckBenchmark {

    static String bigScript(int lines) {
        StringBuilder b = new StringBuilder();
        int update = 0;
        while (countLines(b) < lines) {
            b.append("update u").append(update).append(" {\n")
                    .append("    description \"update number ").append(update).append("\";\n")
                    .append("    source \"linger.c\";\n")
                    .append("    knob limit: u32 = 10 in 0..100;\n");
            for (int g = 0; g < 4; g++) {
                b.append("    group g").append(g).append(" {\n");
                for (int f = 0; f < 5; f++) {
                    b.append("        replace f_").append(update).append('_').append(g).append('_').append(f)
                            .append(" with v_").append(g).append('_').append(f)
                            .append(" when current.uid == 1000 && current.comm != \"bash\";\n");
                }
                b.append("    }\n    safepoint quiescent(g").append(g).append(") timeout 10s retries 3;\n");
            }
            b.append("    replace h_").append(update).append(" {\n")
                    .append("        version h1 when knob.limit > 5 && cpu == 0;\n")
                    .append("        version h2 when arg.flags & 0x2 != 0;\n")
                    .append("        default original;\n    }\n")
                    .append("    monitor m_").append(update).append(";\n}\n");
            update++;
        }
        return b.toString();
    }

    static int countLines(CharSequence s) {
        return (int) s.chars().filter(c -> c == '\n').count();
    }

    @Test
    void parseAndCheckAFiveThousandLineScript() {
        String text = bigScript(5_000);
        SourceFile source = new SourceFile(Path.of("src/test/resources/valid/big.dyn"), text);
        long[] ms = new long[15];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            Parser.Result r = Parser.parse(source);
            Diagnostics d = new Diagnostics();
            d.addAll(r.diagnostics());
            Checker.checkScript(r.script(), d);
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, d.sorted().size(), () -> d.sorted().get(0).toString());
        }
        long[] warm = Arrays.copyOfRange(ms, 5, ms.length);
        Arrays.sort(warm);
        System.out.printf("benchmark: parse+check of a %d-line script: first %d ms, warm median %d ms, warm max %d ms "
                + "(target < 300 ms warm)%n", countLines(text), ms[0], warm[warm.length / 2], warm[warm.length - 1]);
    }
}
