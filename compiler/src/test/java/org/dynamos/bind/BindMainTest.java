package org.dynamos.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dynamos.image.ElfFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BindMain command line: exit statuses and where the report goes. */
class BindMainTest {
    @TempDir
    static Path fixtures;
    @TempDir
    Path work;
    static Path vmlinux;
    static Path symvers;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void build() throws IOException {
        vmlinux = ElfFixtures.fakeVmlinux(fixtures);
        symvers = Files.writeString(fixtures.resolve("Module.symvers"),
                "0x92997ed8\t_printk\tvmlinux\tEXPORT_SYMBOL\t\n0x00000001\texported_fn\tvmlinux\tEXPORT_SYMBOL\t\n");
    }

    private int run(String... args) {
        return BindMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void bindsInPlaceAndPrintsTheReport() throws IOException {
        Path ko = ElfFixtures.module("/org/dynamos/bind/module.c", work);
        assertEquals(0, run(ko.toString(), vmlinux.toString(), symvers.toString()), err());
        assertTrue(out().startsWith("module.ko: bound 6 symbols (anchor _printk at 0xffffffff81000040)\n"), out());
        assertEquals("", err());
        assertEquals(0, run(ko.toString(), vmlinux.toString(), symvers.toString()));
        assertTrue(out().endsWith("module.ko: nothing to bind\n"), out());
    }

    @Test
    void refusalsGoToStandardErrorWithStatusOne() throws IOException {
        Path ko = ElfFixtures.module("/org/dynamos/bind/refused.c", work);
        assertEquals(1, run(ko.toString(), vmlinux.toString(), symvers.toString()));
        assertTrue(err().startsWith("refused.ko: not rewritten, 7 errors\n"), err());
        assertEquals("", out());
    }

    @Test
    void badUsageAndMissingFilesAreStatusTwoWithoutAStackTrace() {
        assertEquals(2, run("only.ko"));
        assertTrue(err().startsWith("usage: BindMain MODULE.ko VMLINUX MODULE.SYMVERS"), err());

        err.reset();
        Path missing = work.resolve("missing.ko");
        assertEquals(2, run(missing.toString(), vmlinux.toString(), symvers.toString()));
        assertEquals("error: " + missing + ": no such file\n", err());

        err.reset();
        assertEquals(2, run(missing.toString(), vmlinux.toString(), work.resolve("nope.symvers").toString()));
        assertEquals("error: " + work.resolve("nope.symvers") + ": no such file\n", err());
    }

    @Test
    void aVmlinuxThatIsNotElfIsStatusTwo() throws IOException {
        Path ko = ElfFixtures.module("/org/dynamos/bind/module.c", work);
        Path bogus = Files.writeString(work.resolve("vmlinux"), "#".repeat(200));
        assertEquals(2, run(ko.toString(), bogus.toString(), symvers.toString()));
        assertEquals("error: " + bogus + ": not an ELF file\n", err());
    }
}
