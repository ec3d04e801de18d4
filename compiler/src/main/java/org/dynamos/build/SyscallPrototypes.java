package org.dynamos.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameter types of the system calls {@code <linux/syscalls.h>} of a kernel declares
 * ({@code asmlinkage long sys_sethostname(char __user *name, int len);}), for the entry points
 * {@code replace syscall} generates.
 */
public final class SyscallPrototypes {
    private static final Pattern DECL = Pattern.compile("asmlinkage\\s+long\\s+sys_(\\w+)\\s*\\(([^;{]*)\\)\\s*;");
    private static final Pattern NAME_AT_END = Pattern.compile("^(.*?[\\s*])(\\w+)\\s*$", Pattern.DOTALL);

    private SyscallPrototypes() {
    }

    /** Each system call's parameter types, in order (none for {@code (void)}). */
    public static Map<String, List<String>> of(Path kdir) throws IOException {
        for (Path dir : InternalHeaders.headerDirs(kdir)) {
            Path h = dir.resolve("linux/syscalls.h");
            if (Files.isRegularFile(h)) {
                return parse(Files.readString(h));
            }
        }
        return Map.of();
    }

    static Map<String, List<String>> parse(String header) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Matcher m = DECL.matcher(header.replaceAll("(?s)/\\*.*?\\*/", " "));
        while (m.find()) {
            types(m.group(2)).ifPresent(t -> out.putIfAbsent(m.group(1), t));
        }
        return out;
    }

    /** The types of a parameter list; empty when one has no name to strip (then it is not used). */
    static Optional<List<String>> types(String params) {
        String p = params.replaceAll("\\s+", " ").strip();
        List<String> types = new ArrayList<>();
        if (p.equals("void") || p.isEmpty()) {
            return Optional.of(types);
        }
        for (String one : p.split(",")) {
            Matcher m = NAME_AT_END.matcher(one.strip());
            if (!m.matches() || m.group(1).isBlank()) {
                return Optional.empty();
            }
            types.add(m.group(1).strip());
        }
        return Optional.of(types);
    }
}
