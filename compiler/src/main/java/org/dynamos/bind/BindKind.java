package org.dynamos.bind;

/** How a non-exported symbol is bound. */
public enum BindKind {
    /** A function (or other code address): relocations retargeted to the anchor plus a delta. */
    TEXT,
    /** Data, read-only data or bss: relocations retargeted to the anchor plus a delta. */
    DATA,
    /** A per-CPU variable: the symbol becomes absolute with its offset as value; relocations stay. */
    PERCPU
}
