package org.dynamos.image;

/** The ELF symbol binding ({@code ELF64_ST_BIND}). */
public enum SymbolBinding {
    LOCAL, GLOBAL, WEAK, OTHER;

    /** @return the binding for an {@code st_info} high nibble */
    public static SymbolBinding of(int stBind) {
        return switch (stBind) {
            case 0 -> LOCAL;
            case 1 -> GLOBAL;
            case 2 -> WEAK;
            default -> OTHER;
        };
    }
}
