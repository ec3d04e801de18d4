package org.dynamos.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which includes of an update's C need the kernel's own source tree. */
class InternalHeadersTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test
    void onlyTreeFilesNeitherBesideNorAmongTheHeadersAreInternal() throws IOException {
        // Debian's layout: the flavour's build directory includes the common headers' Makefile
        write("common/Makefile", "# common\n");
        write("common/include/net/sock.h", "");
        write("common/include/linux/sched.h", "");
        write("kdir/Makefile", "include " + dir.resolve("common") + "/Makefile\n");
        write("kdir/arch/x86/include/generated/asm/x.h", "");
        write("src/kernel/local.h", "#include \"mm/internal.h\"\n");
        write("src/mark.h", "#pragma once\n#include \"fs/internal.h\"\n");
        Path c = write("src/a.c", String.join("\n",
                "#include <linux/sched.h>",
                "#include <net/sock.h>",
                "#  include \"kernel/sched/sched.h\"",
                "#include \"mark.h\"",
                "#include \"kernel/local.h\"",
                "#include <generated/asm/x.h>",
                "#include \"net/ipv4/tcp_impl.h\"",
                "#include \"notatree/x.h\"",
                "// #include \"mm/swap.h\" only in a comment is not an include: the scan is by line start",
                ""));

        List<InternalHeaders.Use> uses = InternalHeaders.of(List.of(c), dir.resolve("kdir"));

        assertEquals(List.of("kernel/sched/sched.h", "net/ipv4/tcp_impl.h", "fs/internal.h", "mm/internal.h"),
                uses.stream().map(InternalHeaders.Use::header).toList());
        InternalHeaders.Use first = uses.get(0);
        assertEquals(c, first.span().source().path());
        assertEquals(3, first.span().line());
        assertEquals(13, first.span().column());
    }
}
