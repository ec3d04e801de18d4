package org.dynamos.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The source line of code in a built module, from its DWARF line table (the kernel's flags build
 * modules with {@code -g}), read by binutils' {@code addr2line}, which applies the relocations of a
 * relocatable object's debug sections itself.
 */
final class SourceLines {
    /** A file and a 1-based line. */
    record Line(Path file, int line) {
    }

    private SourceLines() {
    }

    /**
     * @param ko      the module
     * @param section the code section ({@code .text})
     * @param offsets offsets in that section
     * @return the line of each offset that has one; empty when the module has no line table or
     *         {@code addr2line} is missing
     */
    static Map<Long, Line> of(Path ko, String section, List<Long> offsets) {
        Map<Long, Line> out = new LinkedHashMap<>();
        if (offsets.isEmpty()) {
            return out;
        }
        List<String> cmd = new ArrayList<>(List.of("addr2line", "-e", ko.toString(), "-j", section));
        offsets.forEach(o -> cmd.add("0x" + Long.toHexString(o)));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return out;
            }
            String[] lines = text.split("\n");
            for (int i = 0; i < Math.min(lines.length, offsets.size()); i++) {
                long offset = offsets.get(i);
                parse(lines[i]).ifPresent(l -> out.put(offset, l));
            }
        } catch (IOException e) {
            return out; // no binutils: the caller names the function instead
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** {@code /path/file.c:12}, {@code /path/file.c:12 (discriminator 3)}; {@code ??:0} and {@code ??:?} are unknown. */
    static Optional<Line> parse(String text) {
        String t = text.strip();
        int paren = t.indexOf(" (");
        if (paren >= 0) {
            t = t.substring(0, paren);
        }
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || t.startsWith("??")) {
            return Optional.empty();
        }
        try {
            int line = Integer.parseInt(t.substring(colon + 1));
            return line > 0 ? Optional.of(new Line(Path.of(t.substring(0, colon)), line)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
