package org.dynamos.clone;

/**
 * Whether a re-emitted 32-bit field holds its value wherever the kernel and the module end up.
 *
 * <p>On x86-64 Linux 6.1, KASLR moves the whole image by one slide, keeping it inside
 * {@code [0xffffffff80000000, 0xffffffffc0000000)} ({@code __START_KERNEL_map} plus
 * {@code KERNEL_IMAGE_SIZE}); modules are loaded in {@code [MODULES_VADDR, MODULES_END) =
 * [0xffffffffc0000000, 0xffffffffff000000)}. An anchored target {@code T} is {@code T + slide} at
 * run time — for an address of the image, and equally for a value the kernel's own KASLR
 * relocation pass adjusts (a 32S field computed from {@code _text}). The module loader checks no
 * PC32 overflow (DESIGN §3), so every extreme is checked here.
 */
final class Reach {
    static final long KERNEL_MAP_START = 0xffffffff80000000L;
    static final long KERNEL_MAP_END = 0xffffffffc0000000L;
    static final long MODULES_START = 0xffffffffc0000000L;
    static final long MODULES_END = 0xffffffffff000000L;

    private final long slideMin;
    private final long slideMax;

    /** @param imageStart the image's first address, {@code imageEnd} its last, both at link time */
    Reach(long imageStart, long imageEnd) {
        this.slideMin = KERNEL_MAP_START - imageStart;
        this.slideMax = KERNEL_MAP_END - imageEnd;
    }

    /** @return whether {@code target + slide + addend - P} fits 32 signed bits for every slide and module address P */
    boolean pc32(long target, long addend) {
        long hi = target + slideMax + addend - MODULES_START;
        long lo = target + slideMin + addend - (MODULES_END - 1);
        return fits32s(hi) && fits32s(lo);
    }

    /** @return whether {@code target + slide + addend} fits 32 signed bits for every slide */
    boolean abs32s(long target, long addend) {
        return fits32s(target + slideMin + addend) && fits32s(target + slideMax + addend);
    }

    /** @return whether {@code target + slide + addend} fits 32 unsigned bits for every slide */
    boolean abs32(long target, long addend) {
        long lo = target + slideMin + addend;
        long hi = target + slideMax + addend;
        return lo >= 0 && hi <= 0xffffffffL && lo <= hi;
    }

    /** @return whether a per-CPU offset is reachable PC-relative ({@code %gs:sym(%rip)}) from every module address */
    static boolean percpuPc32(long offset, long addend) {
        return fits32s(offset + addend - MODULES_START) && fits32s(offset + addend - (MODULES_END - 1));
    }

    private static boolean fits32s(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
    }
}
