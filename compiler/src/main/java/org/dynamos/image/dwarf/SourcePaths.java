package org.dynamos.image.dwarf;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Source paths as the kernel tree names them ({@code fs/proc/cmdline.c}): DWARF names C units
 * relative to the source tree but assembler units and some headers by absolute build paths
 * ({@code /build/…/linux-6.1.192/arch/x86/kernel/head_64.S}). An absolute path loses the part it
 * shares with the absolute compilation directory (the tree the build ran in).
 */
final class SourcePaths {
    private SourcePaths() {
    }

    /** @return {@code path} with {@code .}/{@code ..} resolved, relative to the source tree when known */
    static String normalize(String path, String compDir) {
        String p = clean(path);
        if (p.startsWith("/") && compDir != null && compDir.startsWith("/")) {
            String root = commonDirectory(p, clean(compDir));
            if (root.length() > 1) {
                p = p.substring(root.length() + 1);
            }
        }
        return p;
    }

    private static String commonDirectory(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        StringBuilder common = new StringBuilder();
        for (int i = 1; i < Math.min(x.length - 1, y.length); i++) {
            if (!x[i].equals(y[i])) {
                break;
            }
            common.append('/').append(x[i]);
        }
        return common.length() == 0 ? "/" : common.toString();
    }

    /** Resolves {@code .} and {@code ..} segments lexically. */
    static String clean(String path) {
        boolean absolute = path.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
                parts.removeLast();
            } else if (!(seg.equals("..") && absolute && parts.isEmpty())) {
                parts.addLast(seg);
            }
        }
        return (absolute ? "/" : "") + String.join("/", parts);
    }
}
