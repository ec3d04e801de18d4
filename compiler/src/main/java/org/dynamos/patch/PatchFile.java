package org.dynamos.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unified diff as {@code git format-patch}, {@code diff -u} and the stable-kernel trees write it:
 * the files it changes, each with its hunks. Paths lose their first component ({@code a/},
 * {@code b/}), as {@code patch -p1} does.
 *
 * @param files the changed files, in the patch's order
 */
public record PatchFile(List<FilePatch> files) {

    /** A problem with the patch, at a line of it (1-based; 0 when it concerns the whole patch). */
    public static final class PatchException extends Exception {
        private final int line;

        public PatchException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /**
     * One file's changes.
     *
     * @param path  the file's path in the tree ({@code fs/proc/cmdline.c}); for a new file the
     *              new path, for a deleted one the old
     * @param added the patch creates the file
     * @param deleted the patch deletes it
     * @param line  where its header is in the patch
     */
    public record FilePatch(String path, boolean added, boolean deleted, List<Hunk> hunks, int line) {
    }

    /**
     * One hunk: the lines it expects at {@code oldStart} (context and removed) and what replaces
     * them (context and added).
     *
     * @param lines each with its prefix: ' ' context, '-' removed, '+' added
     * @param line  where its {@code @@} header is in the patch
     */
    public record Hunk(int oldStart, int oldCount, int newStart, int newCount, List<String> lines, int line) {

        /** The lines the file must have where the hunk applies. */
        public List<String> before() {
            return lines.stream().filter(l -> !l.startsWith("+")).map(l -> l.substring(1)).toList();
        }

        /** The lines it has afterwards. */
        public List<String> after() {
            return lines.stream().filter(l -> !l.startsWith("-")).map(l -> l.substring(1)).toList();
        }
    }

    /**
     * Where the patch changes {@code word} in {@code path}: the first added or removed line that
     * names it, else the first hunk of the file, else the file's header; 0 when the patch does
     * not change the file.
     */
    public int lineMentioning(String path, String word) {
        Pattern w = Pattern.compile("\\b" + Pattern.quote(word) + "\\b");
        for (FilePatch f : files) {
            if (!f.path().equals(path)) {
                continue;
            }
            for (Hunk h : f.hunks()) {
                for (int i = 0; i < h.lines().size(); i++) {
                    String l = h.lines().get(i);
                    if ((l.startsWith("+") || l.startsWith("-")) && w.matcher(l).find()) {
                        return h.line() + 1 + i;
                    }
                }
            }
            return f.hunks().isEmpty() ? f.line() : f.hunks().get(0).line();
        }
        return 0;
    }

    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*");

    /** Parses {@code text}; a patch that changes no file, or a binary one, is refused. */
    public static PatchFile parse(String text) throws PatchException {
        String[] lines = text.split("\n", -1);
        List<FilePatch> files = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String l = lines[i];
            if (l.startsWith("GIT binary patch") || (l.startsWith("Binary files ") && l.endsWith(" differ"))) {
                throw new PatchException(i + 1, "the patch changes a binary file: only text changes can be applied");
            }
            if (!l.startsWith("--- ") || i + 1 >= lines.length || !lines[i + 1].startsWith("+++ ")) {
                i++;
                continue;
            }
            int header = i + 1;
            String oldPath = path(l.substring(4));
            String newPath = path(lines[i + 1].substring(4));
            i += 2;
            List<Hunk> hunks = new ArrayList<>();
            while (i < lines.length && lines[i].startsWith("@@")) {
                Matcher m = HUNK.matcher(lines[i]);
                if (!m.matches()) {
                    throw new PatchException(i + 1, "malformed hunk header: " + lines[i]);
                }
                int at = i + 1;
                int oldCount = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
                int newCount = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
                int seenOld = 0;
                int seenNew = 0;
                List<String> body = new ArrayList<>();
                i++;
                while (i < lines.length && (seenOld < oldCount || seenNew < newCount)) {
                    String b = lines[i];
                    if (b.startsWith("\\")) { // "\ No newline at end of file"
                        i++;
                        continue;
                    }
                    char c = b.isEmpty() ? ' ' : b.charAt(0);
                    String rest = b.isEmpty() ? " " : b;
                    switch (c) {
                        case ' ' -> {
                            seenOld++;
                            seenNew++;
                        }
                        case '-' -> seenOld++;
                        case '+' -> seenNew++;
                        default -> throw new PatchException(i + 1, "hunk at line " + at + " ends early: it announces "
                                + oldCount + " old and " + newCount + " new lines");
                    }
                    body.add(rest);
                    i++;
                }
                if (seenOld != oldCount || seenNew != newCount) {
                    throw new PatchException(at, "hunk ends early: it announces " + oldCount + " old and " + newCount
                            + " new lines, the patch has " + seenOld + " and " + seenNew);
                }
                while (i < lines.length && lines[i].startsWith("\\")) {
                    i++;
                }
                hunks.add(new Hunk(Integer.parseInt(m.group(1)), oldCount, Integer.parseInt(m.group(3)), newCount,
                        List.copyOf(body), at));
            }
            boolean added = oldPath == null;
            boolean deleted = newPath == null;
            String path = added ? newPath : oldPath;
            if (path == null) {
                throw new PatchException(header, "a file header without a path");
            }
            if (path.startsWith("/") || path.contains("..")) {
                throw new PatchException(header, "the path " + path + " leaves the tree");
            }
            files.add(new FilePatch(path, added, deleted, List.copyOf(hunks), header));
        }
        if (files.isEmpty()) {
            throw new PatchException(0, "the file holds no unified diff (no '--- a/FILE' and '+++ b/FILE' lines)");
        }
        return new PatchFile(List.copyOf(files));
    }

    /** A header's path without its first component and timestamp; null for /dev/null. */
    private static String path(String field) {
        String p = field.split("\t", 2)[0].strip();
        if (p.equals("/dev/null")) {
            return null;
        }
        int slash = p.indexOf('/');
        return slash < 0 ? p : p.substring(slash + 1);
    }
}
