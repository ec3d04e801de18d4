package org.dynamos.qemu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a guest run back: splits the console at the {@link GuestScript} markers into step
 * results, splits the kernel log at the same markers, and collects kernel problems from both.
 */
public final class Transcript {
    private Transcript() {}

    /**
     * The result of a run of {@code script}.
     *
     * @param console the serial console as captured (any line ends)
     * @param kmsgRaw the raw copy of {@code /dev/kmsg} from the second serial port
     */
    public static GuestResult parse(GuestScript script, String console, String kmsgRaw, boolean timedOut, Duration elapsed) {
        String text = console.replace("\r\n", "\n").replace("\r", "");
        String m = script.marker();
        List<KernelLog.Entry> log = KernelLog.parse(kmsgRaw);

        List<StepResult> steps = new ArrayList<>();
        List<String> outside = new ArrayList<>(); // console outside finished steps: where panics show
        int cursor = 0;
        for (GuestStep step : script.steps()) {
            String kernelLog = KernelLog.render(between(log, m + " step " + step.name() + " begin",
                    m + " step " + step.name() + " end "));
            int begin = lineIndex(text, m + " step " + step.name() + " begin", cursor);
            if (begin < 0) {
                steps.add(new StepResult(step.name(), "", StepResult.NOT_STARTED, kernelLog, step.expectFailure()));
                continue;
            }
            outside.add(text.substring(cursor, begin));
            int outStart = text.indexOf('\n', begin) + 1;
            if (outStart == 0) {
                outStart = text.length();
            }
            Matcher end = Pattern.compile("\n" + Pattern.quote(m + " step " + step.name() + " end status=") + "(\\d+)(\n|$)")
                    .matcher(text);
            if (outStart > 0 && end.find(outStart - 1)) {
                steps.add(new StepResult(step.name(), text.substring(outStart, end.start()),
                        Integer.parseInt(end.group(1)), kernelLog, step.expectFailure()));
                cursor = end.end();
            } else {
                String rest = text.substring(outStart);
                steps.add(new StepResult(step.name(), rest, StepResult.NOT_FINISHED, kernelLog, step.expectFailure()));
                cursor = text.length();
                outside.add(rest);
            }
        }
        outside.add(text.substring(Math.min(cursor, text.length())));
        boolean completed = lineIndex(text, m + " done", 0) >= 0;

        List<String> logLines = log.stream().map(KernelLog.Entry::render).toList();
        List<String> consoleLines = new ArrayList<>();
        for (String part : outside) {
            consoleLines.addAll(List.of(part.split("\n")));
        }
        List<String> problems = KernelProblems.merge(List.of(
                KernelProblems.find(logLines, m), KernelProblems.find(consoleLines, m)));
        return new GuestResult(steps, text, KernelLog.render(log), problems, timedOut, completed, elapsed);
    }

    /** Log entries strictly between the first entry starting with {@code from} and the next starting with {@code to}. */
    private static List<KernelLog.Entry> between(List<KernelLog.Entry> log, String from, String to) {
        int start = -1;
        for (int i = 0; i < log.size(); i++) {
            if (start < 0 && log.get(i).text().equals(from)) {
                start = i + 1;
            } else if (start >= 0 && log.get(i).text().startsWith(to)) {
                return log.subList(start, i);
            }
        }
        return start < 0 ? List.of() : log.subList(start, log.size());
    }

    /** The index of a whole line equal to {@code line}, at or after {@code from}; -1 if none. */
    static int lineIndex(String text, String line, int from) {
        for (int i = text.indexOf(line, from); i >= 0; i = text.indexOf(line, i + 1)) {
            boolean startsLine = i == 0 || text.charAt(i - 1) == '\n';
            int after = i + line.length();
            boolean endsLine = after == text.length() || text.charAt(after) == '\n';
            if (startsLine && endsLine) {
                return i;
            }
        }
        return -1;
    }
}
