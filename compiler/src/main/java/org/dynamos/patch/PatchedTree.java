package org.dynamos.patch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynamos.patch.PatchFile.PatchException;

/**
 * A patch applied, as {@code patch -p1} without fuzz would apply it: each hunk where its context
 * and removed lines are, at the line it names or the nearest place they match. The tree itself
 * is never written: the changed files' new contents are kept here, and written into an overlay
 * directory for the builds.
 *
 * @param tree    the tree the patch was applied to
 * @param changed each changed file's new text, by path ({@code null}: deleted)
 */
public record PatchedTree(Path tree, Map<String, String> changed) {

    /** Applies {@code patch} to {@code tree}; a hunk that does not apply is an error naming it. */
    public static PatchedTree apply(PatchFile patch, Path tree) throws PatchException, IOException {
        Map<String, String> changed = new LinkedHashMap<>();
        for (PatchFile.FilePatch f : patch.files()) {
            Path file = tree.resolve(f.path());
            List<String> lines;
            if (f.added()) {
                if (Files.exists(file)) {
                    throw new PatchException(f.line(), f.path() + " is created by the patch but exists in the tree");
                }
                lines = new ArrayList<>();
            } else if (changed.containsKey(f.path())) {
                lines = new ArrayList<>(Arrays.asList(changed.get(f.path()).split("\n", -1)));
            } else if (!Files.isRegularFile(file)) {
                throw new PatchException(f.line(), f.path() + " is not in the kernel's source tree " + tree
                        + ": is the patch for another kernel?");
            } else {
                lines = new ArrayList<>(Arrays.asList(Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)));
            }
            int shift = 0;
            for (int h = 0; h < f.hunks().size(); h++) {
                PatchFile.Hunk hunk = f.hunks().get(h);
                List<String> before = hunk.before();
                int wanted = Math.max(0, hunk.oldStart() - 1 + shift);
                int at = find(lines, before, wanted);
                if (at < 0) {
                    throw new PatchException(hunk.line(), "hunk #" + (h + 1) + " of " + f.path()
                            + " does not apply: its lines are not in the tree's file (near line " + hunk.oldStart()
                            + "); the patch is for another version of the file");
                }
                List<String> after = hunk.after();
                for (int k = 0; k < before.size(); k++) {
                    lines.remove(at);
                }
                lines.addAll(at, after);
                shift = at - (hunk.oldStart() - 1) + after.size() - before.size();
            }
            changed.put(f.path(), f.deleted() ? null : String.join("\n", lines));
        }
        return new PatchedTree(tree, changed);
    }

    /** The first place at or nearest to {@code wanted} where {@code lines} holds {@code expected}. */
    private static int find(List<String> lines, List<String> expected, int wanted) {
        for (int d = 0; d <= lines.size(); d++) {
            for (int at : new int[] {wanted - d, wanted + d}) {
                if (at >= 0 && at + expected.size() <= lines.size()
                        && lines.subList(at, at + expected.size()).equals(expected)) {
                    return at;
                }
            }
        }
        return -1;
    }

    /** Writes the changed files under {@code overlay}, at their paths in the tree. */
    public void writeOverlay(Path overlay) throws IOException {
        for (Map.Entry<String, String> e : changed.entrySet()) {
            if (e.getValue() != null) {
                Path p = overlay.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
            }
        }
    }
}
