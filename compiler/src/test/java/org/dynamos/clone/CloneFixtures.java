package org.dynamos.clone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dynamos.image.ElfFixtures;

/**
 * Builds the clone-engine fixture with gcc: {@code clonefix.c} (BTF, fentry) and
 * {@code clonefix_asm.S} (one function per rewrite kind and refusal) linked like a vmlinux with
 * {@code --emit-relocs}. Tests are skipped where gcc is absent.
 */
final class CloneFixtures {
    static final List<String> CFLAGS = List.of("-O2", "-gbtf", "-pg", "-mfentry", "-mcmodel=kernel", "-fno-pic",
            "-fno-asynchronous-unwind-tables", "-ffreestanding", "-fno-stack-protector", "-fcf-protection=none",
            "-mno-red-zone");

    private CloneFixtures() {
    }

    static Path vmlinux(Path dir) throws IOException {
        ElfFixtures.assumeGcc();
        for (String f : List.of("clonefix.c", "clonefix_asm.S", "clonefix.lds")) {
            try (InputStream in = CloneFixtures.class.getResourceAsStream("/org/dynamos/clone/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        List<String> cc = new ArrayList<>(List.of("gcc", "-c"));
        cc.addAll(CFLAGS);
        cc.addAll(List.of("clonefix.c", "-o", "clonefix.o"));
        ElfFixtures.run(dir, cc);
        ElfFixtures.run(dir, List.of("gcc", "-c", "clonefix_asm.S", "-o", "clonefix_asm.o"));
        ElfFixtures.run(dir, List.of("gcc", "-nostdlib", "-static", "-no-pie", "-Wl,-T,clonefix.lds", "-Wl,--emit-relocs",
                "clonefix.o", "clonefix_asm.o", "-o", "vmlinux"));
        return dir.resolve("vmlinux");
    }

}
