package org.dynamos.image;

/**
 * What part of the running kernel a symbol lives in, which decides how (and whether) a module
 * can refer to it.
 */
public enum Region {
    /** Executable code that stays after boot. */
    TEXT,
    /** Read-only data. */
    RODATA,
    /** Writable initialised data. */
    DATA,
    /** Zero-initialised data. */
    BSS,
    /** Per-CPU variable: the value is an offset into each CPU's area, not an address. */
    PERCPU,
    /** Code or data freed after boot ({@code .init.*} and the rest of the init area). */
    INIT,
    /** Exit code and data: discarded (built-in code never exits). */
    EXIT,
    /** An absolute symbol whose value is a constant, not an address in the image. */
    ABSOLUTE,
    /** Undefined, not loaded at run time (debug info, notes) or otherwise unclassified. */
    OTHER;

    /** @return whether a running kernel still has this symbol at an address a module may use */
    public boolean isLiveAddress() {
        return this == TEXT || this == RODATA || this == DATA || this == BSS;
    }
}
