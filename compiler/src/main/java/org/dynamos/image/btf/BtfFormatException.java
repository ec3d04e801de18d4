package org.dynamos.image.btf;

import java.io.IOException;

/** The bytes are not a BTF blob this reader understands, or are malformed. */
public final class BtfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong */
    public BtfFormatException(String message) {
        super(message);
    }
}
