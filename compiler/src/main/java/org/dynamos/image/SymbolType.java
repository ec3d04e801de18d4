package org.dynamos.image;

/** The ELF symbol type ({@code ELF64_ST_TYPE}). */
public enum SymbolType {
    NOTYPE, OBJECT, FUNC, SECTION, FILE, COMMON, TLS, OTHER;

    /** @return the type for an {@code st_info} low nibble */
    public static SymbolType of(int stType) {
        return switch (stType) {
            case 0 -> NOTYPE;
            case 1 -> OBJECT;
            case 2 -> FUNC;
            case 3 -> SECTION;
            case 4 -> FILE;
            case 5 -> COMMON;
            case 6 -> TLS;
            default -> OTHER;
        };
    }
}
