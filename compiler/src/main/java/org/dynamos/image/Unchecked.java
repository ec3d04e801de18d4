package org.dynamos.image;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The images' lazy readers throw {@link UncheckedIOException} where an interface method cannot throw. */
final class Unchecked {

    /** A read that may fail with an {@link IOException}. */
    interface IoSupplier<T> {
        T get() throws IOException;
    }

    private Unchecked() {
    }

    static <T> T unchecked(IoSupplier<T> s) {
        try {
            return s.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
