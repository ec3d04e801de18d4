package org.dynamos.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dynamos.syntax.SourceFile;
import org.dynamos.syntax.Span;

/**
 * Finds the kernel-internal headers an update's C includes: {@code #include "kernel/sched/sched.h"}
 * names a file of the kernel's source tree that its headers package does not carry (only
 * {@code include/} and {@code arch/x86/include/} are there). Such an include needs the source tree
 * of the exact kernel on the include path. The sources and the headers beside them that they
 * include are read; a path found beside the including file or among the kernel's headers is not
 * internal.
 */
public final class InternalHeaders {
    private static final Pattern INCLUDE = Pattern.compile("^\\s*#\\s*include\\s*([\"<])([^\">]+)[\">]");
    /** Top directories of a kernel tree that hold code (and private headers), not public headers. */
    private static final Set<String> TREE_DIRS = Set.of("arch", "block", "certs", "crypto", "drivers", "fs", "init",
            "io_uring", "ipc", "kernel", "lib", "mm", "net", "security", "sound", "virt");
    private static final Pattern MAKEFILE_INCLUDE = Pattern.compile("(?m)^include\\s+(\\S+)/Makefile\\s*$");

    /** One internal include: where it is written and the path it names. */
    public record Use(Span span, String header) {
    }

    private InternalHeaders() {
    }

    /** The internal headers {@code sources} include, in the order they appear. */
    public static List<Use> of(List<Path> sources, Path kdir) throws IOException {
        List<Path> headerDirs = headerDirs(kdir);
        List<Use> uses = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        Deque<Path> todo = new ArrayDeque<>();
        todo.addAll(sources); // named as given, for the messages
        while (!todo.isEmpty()) {
            Path file = todo.removeFirst();
            if (!seen.add(file.toAbsolutePath().normalize()) || !Files.isRegularFile(file)) {
                continue;
            }
            SourceFile text = new SourceFile(file, Files.readString(file, StandardCharsets.UTF_8));
            for (int n = 1; n <= text.lineCount(); n++) {
                Matcher m = INCLUDE.matcher(text.line(n));
                if (!m.find()) {
                    continue;
                }
                String header = m.group(2).strip();
                Path beside = file.resolveSibling(header).normalize();
                if (Files.isRegularFile(beside)) {
                    todo.add(beside);
                } else if (isInternal(header, headerDirs)) {
                    uses.add(new Use(new Span(text, n, m.start(2) + 1, n, m.end(2) + 1), header));
                }
            }
        }
        return uses;
    }

    private static boolean isInternal(String header, List<Path> headerDirs) {
        int slash = header.indexOf('/');
        if (slash <= 0 || !TREE_DIRS.contains(header.substring(0, slash))) {
            return false;
        }
        return headerDirs.stream().noneMatch(d -> Files.isRegularFile(d.resolve(header)));
    }

    /**
     * Where kbuild looks for the kernel's headers: {@code include/} and {@code arch/x86/include/}
     * of the build directory and of the tree its Makefile includes (Debian's common headers).
     */
    static List<Path> headerDirs(Path kdir) {
        List<Path> roots = new ArrayList<>(List.of(kdir));
        try {
            Matcher m = MAKEFILE_INCLUDE.matcher(Files.readString(kdir.resolve("Makefile")));
            while (m.find()) {
                roots.add(kdir.resolve(m.group(1)).normalize());
            }
        } catch (IOException e) {
            // no Makefile: only the build directory itself
        }
        List<Path> dirs = new ArrayList<>();
        for (Path r : roots) {
            dirs.add(r.resolve("include"));
            dirs.add(r.resolve("arch/x86/include"));
        }
        return dirs;
    }
}
