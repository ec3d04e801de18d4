package org.dynamos.image;

import java.io.IOException;

/** The file is not the kind of ELF this code reads (ELF64, little-endian, x86-64), or is malformed. */
public final class ElfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the offending file part */
    public ElfFormatException(String message) {
        super(message);
    }
}
