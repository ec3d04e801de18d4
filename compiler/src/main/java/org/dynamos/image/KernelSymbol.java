package org.dynamos.image;

/**
 * One symbol of a kernel image.
 *
 * @param name     symbol name
 * @param address  {@code st_value}: a link-time address, or a per-CPU offset for {@link Region#PERCPU}
 * @param size     {@code st_size}
 * @param type     ELF symbol type
 * @param binding  ELF symbol binding
 * @param section  name of the section the symbol is defined in, {@code "*ABS*"} for absolute
 *                 symbols, {@code "*UND*"} for undefined ones
 * @param fileName for a local symbol, the basename of the preceding {@code STT_FILE} symbol
 *                 (its compile unit); {@code null} for non-local symbols or when unknown
 * @param region   where the symbol lives at run time
 */
public record KernelSymbol(String name, long address, long size, SymbolType type, SymbolBinding binding,
                           String section, String fileName, Region region) {

    /** @return whether this is a function */
    public boolean isFunction() {
        return type == SymbolType.FUNC;
    }

    /** @return {@code name}, plus {@code (file)} when the compile unit is known, for messages */
    public String displayName() {
        return fileName == null ? name : name + " (" + fileName + ")";
    }
}
