package org.dynamos.clone;

/** Where a position-dependent field of a clone points. */
public sealed interface Target {
    /**
     * An address in the kernel image, re-emitted relative to the exported anchor ({@code _printk}):
     * KASLR moves the whole image by one offset, so {@code _printk + (address - anchor)} is right at run time.
     *
     * @param address the link-time address
     */
    record Anchored(long address) implements Target {
    }

    /**
     * A value kept as it is: a per-CPU offset ({@code .data..percpu} is linked at 0) or an absolute constant.
     *
     * @param value the value
     */
    record Verbatim(long value) implements Target {
    }

    /**
     * A place inside the clone: the clone of the instruction that was at {@code original}.
     *
     * @param original the original address of that instruction
     */
    record Local(long original) implements Target {
    }

    /**
     * A symbol the update module defines, such as the exit handler.
     *
     * @param name the symbol's name
     */
    record Symbol(String name) implements Target {
    }
}
