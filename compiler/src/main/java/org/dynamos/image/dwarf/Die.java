package org.dynamos.image.dwarf;

/**
 * The attributes of one debugging information entry that the readers here use, decoded by
 * {@link DieWalker}; a reused, mutable holder (copy what you keep). Absent values are -1 (offsets,
 * references) or 0 and {@code false}.
 */
final class Die {
    int offset;
    int tag;
    int depth;
    boolean hasChildren;

    /** String attribute value: offset into .debug_str / .debug_line_str, or into .debug_info for an inline string. */
    long name;
    int nameForm;
    long compDir;
    int compDirForm;
    long lowPc;
    boolean hasLowPc;
    long highPc;
    boolean highPcIsOffset;
    boolean hasHighPc;
    long ranges;
    int rangesForm;
    long stmtList;
    /** Absolute {@code .debug_info} offsets. */
    long origin;
    long specification;
    int declFile;
    int declLine;
    int inline;
    boolean declaration;
    boolean external;
    boolean noreturn;
    long entryPc;
    boolean hasEntryPc;

    void clear() {
        name = -1;
        nameForm = 0;
        compDir = -1;
        compDirForm = 0;
        lowPc = 0;
        hasLowPc = false;
        highPc = 0;
        highPcIsOffset = false;
        hasHighPc = false;
        ranges = -1;
        rangesForm = 0;
        stmtList = -1;
        origin = -1;
        specification = -1;
        declFile = -1;
        declLine = 0;
        inline = 0;
        declaration = false;
        external = false;
        noreturn = false;
        entryPc = 0;
        hasEntryPc = false;
    }
}
