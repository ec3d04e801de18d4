package org.dynamos.disasm;

/** libcapstone cannot be loaded, or is a version whose structure layout is not known. */
public final class DisassemblerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DisassemblerUnavailableException(String message) {
        super(message);
    }
}
