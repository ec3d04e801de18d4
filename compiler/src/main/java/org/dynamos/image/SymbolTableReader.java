package org.dynamos.image;

import java.io.IOException;
import java.util.List;

/**
 * Decodes the {@code .symtab} of an ELF file into {@link KernelSymbol}s, in table order. For large
 * images prefer {@link SymbolTable}, which decodes entries only when asked for.
 */
public final class SymbolTableReader {
    private SymbolTableReader() {
    }

    /**
     * @return every symbol but the null entry at index 0, in table order (decoded now, so the list
     *         stays valid after the file is closed); empty if there is no {@code .symtab}
     */
    public static List<KernelSymbol> read(ElfFile elf) throws IOException {
        return List.copyOf(SymbolTable.read(elf).asList());
    }
}
