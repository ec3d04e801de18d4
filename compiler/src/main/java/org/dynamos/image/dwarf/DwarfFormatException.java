package org.dynamos.image.dwarf;

import java.io.IOException;

/** The DWARF debug information is malformed or uses a form this reader does not know. */
public final class DwarfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, with the section offset */
    public DwarfFormatException(String message) {
        super(message);
    }
}
