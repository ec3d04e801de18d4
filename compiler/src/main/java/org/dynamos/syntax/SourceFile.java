package org.dynamos.syntax;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The text of one input file, with the line table diagnostics need. */
public final class SourceFile {
    private final Path path;
    private final String text;
    private final int[] lineStarts;

    /**
     * @param path as the user named it (diagnostics print it verbatim)
     * @param text the decoded contents
     */
    public SourceFile(Path path, String text) {
        this.path = path;
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    public Path path() {
        return path;
    }

    public String text() {
        return text;
    }

    /** The text of a 1-based line, without its line terminator; empty past the end. */
    public String line(int number) {
        if (number < 1 || number > lineStarts.length) {
            return "";
        }
        int start = lineStarts[number - 1];
        int end = number < lineStarts.length ? lineStarts[number] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(start, Math.max(start, end));
    }

    /** Number of lines, counting a last line without a terminator. */
    public int lineCount() {
        return lineStarts.length;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
