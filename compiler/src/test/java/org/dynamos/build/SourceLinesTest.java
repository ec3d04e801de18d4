package org.dynamos.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dynamos.bind.ModuleReferences;
import org.dynamos.image.ElfFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the build reports a reference to a replaced function with: each relocation against the
 * name, whether it is a call or jump, the function or variable it lies in, and its source line
 * from the object's line table.
 */
class SourceLinesTest {
    @TempDir
    Path dir;

    @Test
    void everyReferenceIsFoundWithItsKindFunctionAndLine() throws IOException {
        Path o = ElfFixtures.object("/org/dynamos/build/refs.c", dir, List.of("-O2", "-g", "-mcmodel=kernel",
                "-fno-pic", "-fno-asynchronous-unwind-tables", "-ffreestanding", "-fcf-protection=none"));
        List<ModuleReferences.Reference> refs = ModuleReferences.to(o, "target_fn"::equals);
        assertEquals(List.of("calls call", "pointer value", "tail_calls call", "takes_address value"),
                refs.stream().map(r -> r.function().orElse("?") + (r.isCallOrJump() ? " call" : " value")).sorted()
                        .toList());

        List<ModuleReferences.Reference> text = refs.stream().filter(r -> r.section().equals(".text")).toList();
        Map<Long, SourceLines.Line> lines = SourceLines.of(o, ".text", text.stream().map(r -> r.offset()).toList());
        assertEquals(Map.of("calls", 8, "tail_calls", 13, "takes_address", 18), text.stream().collect(
                java.util.stream.Collectors.toMap(r -> r.function().orElseThrow(), r -> lines.get(r.offset()).line())));
        assertEquals("refs.c", lines.get(text.get(0).offset()).file().getFileName().toString());
    }

    @Test
    void addr2lineOutputIsParsed() {
        assertEquals(Optional.of(new SourceLines.Line(Path.of("/b/src/x.c"), 12)), SourceLines.parse("/b/src/x.c:12"));
        assertEquals(Optional.of(new SourceLines.Line(Path.of("/b/src/x.c"), 7)),
                SourceLines.parse("/b/src/x.c:7 (discriminator 3)"));
        assertEquals(Optional.empty(), SourceLines.parse("??:0"));
        assertEquals(Optional.empty(), SourceLines.parse("??:?"));
        assertEquals(Optional.empty(), SourceLines.parse("/b/src/x.c:0"));
    }
}
