package org.dynamos.image;

/** The x86-64 ELF relocation types the compiler reads, binds and re-emits (psABI numbering). */
public final class RelocationType {
    public static final int R_X86_64_NONE = 0;
    public static final int R_X86_64_64 = 1;
    public static final int R_X86_64_PC32 = 2;
    public static final int R_X86_64_PLT32 = 4;
    public static final int R_X86_64_32 = 10;
    public static final int R_X86_64_32S = 11;
    public static final int R_X86_64_PC64 = 24;

    private RelocationType() {
    }

    /** @return the ELF name of a relocation type */
    public static String name(int type) {
        return switch (type) {
            case R_X86_64_NONE -> "R_X86_64_NONE";
            case R_X86_64_64 -> "R_X86_64_64";
            case R_X86_64_PC32 -> "R_X86_64_PC32";
            case R_X86_64_PLT32 -> "R_X86_64_PLT32";
            case R_X86_64_32 -> "R_X86_64_32";
            case R_X86_64_32S -> "R_X86_64_32S";
            case R_X86_64_PC64 -> "R_X86_64_PC64";
            default -> "R_X86_64_#" + type;
        };
    }
}
