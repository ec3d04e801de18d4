package org.dynamos.clone;

/**
 * A contiguous piece of a function's code carried into the clone.
 *
 * @param name    the symbol naming it ({@code foo}, {@code foo.cold}), or {@code foo.auxN} for the
 *                N-th {@code static_cpu_has()} test carried from {@code .altinstr_aux}
 * @param address its link-time address
 * @param size    its size in bytes
 * @param kind    which piece it is
 */
public record Part(String name, long address, long size, Kind kind) {
    /** Kinds of parts. */
    public enum Kind {
        /** The function's symbol itself. */
        MAIN,
        /** The out-of-line unlikely code GCC split off ({@code foo.cold}). */
        COLD,
        /** A {@code static_cpu_has()} test in {@code .altinstr_aux} (init memory) that the function branches to. */
        AUX
    }

    /** @return the address after the part */
    public long end() {
        return address + size;
    }

    /** @return whether {@code a} lies inside the part */
    public boolean contains(long a) {
        return a >= address && a < address + size;
    }
}
