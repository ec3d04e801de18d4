package org.dynamos.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing Module.symvers. */
class ExportedSymbolsTest {
    private static final List<String> SYMVERS = List.of(
            "0x92997ed8\t_printk\tvmlinux\tEXPORT_SYMBOL\t",
            "0x7140de40\tinit_uts_ns\tvmlinux\tEXPORT_SYMBOL_GPL\t",
            "0x12345678\tsome_fn\tdrivers/foo/foo\tEXPORT_SYMBOL_GPL\tFOO_NS",
            "",
            "garbage line");

    @Test
    void readsNameCrcModuleKindAndNamespace() {
        ExportedSymbols e = ExportedSymbols.parse(SYMVERS);
        assertEquals(3, e.size());
        assertEquals(Optional.of(new ExportedSymbols.Export("_printk", 0x92997ed8L, "vmlinux", "EXPORT_SYMBOL", "")),
                e.get("_printk"));
        assertEquals("FOO_NS", e.get("some_fn").orElseThrow().namespace());
        assertEquals(List.of("_printk", "init_uts_ns", "some_fn"), List.copyOf(e.names()));
    }

    @Test
    void unitesSetsFromSeveralFiles() {
        ExportedSymbols core = ExportedSymbols.parse(List.of("0x1\tdynamos_register\tdynamos_core\tEXPORT_SYMBOL_GPL\t"));
        ExportedSymbols all = ExportedSymbols.parse(SYMVERS).plus(core);
        assertTrue(all.contains("dynamos_register"));
        assertTrue(all.contains("_printk"));
        assertFalse(all.contains("saved_command_line"));
    }
}
