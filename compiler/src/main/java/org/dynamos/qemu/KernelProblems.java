package org.dynamos.qemu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds kernel trouble in log lines: warnings ({@code WARNING: CPU:}), {@code BUG:}, oopses,
 * panics, general protection faults, hung tasks, RCU stalls, UBSAN reports and bare call
 * traces. Each problem is reported once, with the lines that follow it up to the end of its
 * trace. TCG boots print harmless mitigation notices ({@code RETBleed: WARNING: ...}), which
 * do not match.
 */
final class KernelProblems {
    private static final Pattern TRIGGER = Pattern.compile(
            "WARNING: CPU:|BUG:|kernel BUG at|\\bOops\\b|Kernel panic|general protection fault|Call Trace:"
                    + "|INFO: task .* blocked for more than|detected stalls?\\b|self-detected stall|UBSAN:");
    private static final Pattern END = Pattern.compile("---\\[ end (trace|Kernel panic)");
    private static final Pattern TIMESTAMP = Pattern.compile("^\\[\\s*\\d+\\.\\d+\\]\\s*");
    private static final int MAX_LINES = 40;

    private KernelProblems() {}

    /**
     * The problems in {@code lines}, each as one text block; {@code stopAt} marks lines that end
     * a block (protocol markers).
     */
    static List<String> find(List<String> lines, String stopAt) {
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!TRIGGER.matcher(lines.get(i)).find()) {
                continue;
            }
            int j = i;
            while (j + 1 < lines.size() && j + 1 - i < MAX_LINES && !lines.get(j + 1).contains(stopAt)
                    && !END.matcher(lines.get(j)).find()) {
                j++;
            }
            blocks.add(String.join("\n", lines.subList(i, j + 1)));
            i = j;
        }
        return blocks;
    }

    /** Blocks from several sources, each problem once (compared by its first line, without timestamp). */
    static List<String> merge(List<List<String>> sources) {
        Map<String, String> unique = new LinkedHashMap<>();
        for (List<String> source : sources) {
            for (String block : source) {
                String first = block.lines().findFirst().orElse("");
                unique.putIfAbsent(TIMESTAMP.matcher(first).replaceFirst(""), block);
            }
        }
        return List.copyOf(unique.values());
    }
}
