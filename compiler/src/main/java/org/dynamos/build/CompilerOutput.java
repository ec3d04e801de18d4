package org.dynamos.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Picks the compiler's own messages out of kbuild's output and points them at the user's files. */
final class CompilerOutput {
    /** At most this many lines are shown; the rest is summarised. */
    static final int MAX_LINES = 40;

    private CompilerOutput() {
    }

    /** Whether gcc said {@code function} is defined static (after its generated non-static prototype). */
    static boolean staticAfterPrototype(String output, String function) {
        return output.contains("static declaration of \u2018" + function + "\u2019 follows non-static")
                || output.contains("static declaration of '" + function + "' follows non-static");
    }

    /** Whether gcc said the definition of {@code function} conflicts with its generated prototype. */
    static boolean conflictingTypes(String output, String function) {
        return output.contains("conflicting types for \u2018" + function + "\u2019")
                || output.contains("conflicting types for '" + function + "'");
    }

    /**
     * @param copies build-directory copy of each source to the user's file
     */
    static List<String> relevantLines(String output, Map<String, Path> copies) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("make") || line.startsWith("  CC") || line.startsWith("  LD")
                    || line.startsWith("  MODPOST") || line.isBlank()) {
                continue;
            }
            String mapped = line;
            for (Map.Entry<String, Path> e : copies.entrySet()) {
                String to = e.getValue().toString();
                mapped = mapped.replace(e.getKey(), to.isEmpty() ? "" : to);
            }
            lines.add(mapped);
        }
        if (lines.size() > MAX_LINES) {
            int more = lines.size() - MAX_LINES;
            lines = new ArrayList<>(lines.subList(0, MAX_LINES));
            lines.add("... " + more + " more lines");
        }
        return lines;
    }
}
