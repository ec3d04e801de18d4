package org.dynamos.image;

import java.util.List;

/**
 * Decides the {@link Region} of a symbol from the section it is defined in and, for a vmlinux, the
 * init area {@code [__init_begin, __init_end)} that the kernel frees after boot (it also holds
 * {@code .altinstructions}, {@code .parainstructions}, {@code .x86_cpu_dev.init} and other tables
 * whose names do not say "init").
 */
final class RegionClassifier {
    static final int SHN_UNDEF = 0;
    static final int SHN_ABS = 0xfff1;
    static final int SHN_COMMON = 0xfff2;
    static final String PERCPU_SECTION = ".data..percpu";

    private final List<ElfSection> sections;
    private final Region[] bySection;
    private final long initBegin;
    private final long initEnd;

    /**
     * @param initBegin start of the init area, or 0 if unknown
     * @param initEnd   end of the init area, or 0 if unknown
     */
    RegionClassifier(List<ElfSection> sections, long initBegin, long initEnd) {
        this.sections = sections;
        this.initBegin = initBegin;
        this.initEnd = initEnd;
        this.bySection = new Region[sections.size()];
        for (ElfSection s : sections) {
            bySection[s.index()] = classifySection(s);
        }
    }

    /** @return the region of a symbol defined in section {@code shndx} with value {@code value} */
    Region classify(int shndx, long value) {
        if (shndx == SHN_ABS) {
            ElfSection home = sectionAt(value);
            return home == null ? Region.ABSOLUTE : classify(home.index(), value);
        }
        if (shndx == SHN_UNDEF || shndx >= bySection.length) {
            return Region.OTHER;
        }
        Region r = bySection[shndx];
        if (r == Region.PERCPU && !withinSection(sections.get(shndx), value)) {
            // Markers such as __per_cpu_load and __init_begin are defined in the per-CPU section
            // but hold ordinary addresses: classify them by where they point.
            ElfSection home = sectionAt(value);
            if (home != null) {
                return classify(home.index(), value);
            }
            return inInit(value) ? Region.INIT : Region.OTHER;
        }
        if ((r == Region.TEXT || r == Region.RODATA || r == Region.DATA || r == Region.BSS) && inInit(value)) {
            return Region.INIT;
        }
        return r;
    }

    /** @return the allocated section at a non-zero address containing {@code address}, or null */
    ElfSection sectionAt(long address) {
        for (ElfSection s : sections) {
            if (s.isAlloc() && s.address() != 0 && s.containsAddress(address)
                    && !s.name().startsWith(PERCPU_SECTION)) {
                return s;
            }
        }
        return null;
    }

    private static boolean withinSection(ElfSection s, long value) {
        return Long.compareUnsigned(value, s.address()) >= 0 && Long.compareUnsigned(value - s.address(), s.size()) <= 0;
    }

    private boolean inInit(long value) {
        return initEnd != 0 && Long.compareUnsigned(value, initBegin) >= 0 && Long.compareUnsigned(value, initEnd) < 0;
    }

    private static Region classifySection(ElfSection s) {
        String n = s.name();
        if (n.startsWith(PERCPU_SECTION)) {
            return Region.PERCPU;
        }
        if (n.startsWith(".init")) {
            return Region.INIT;
        }
        if (n.startsWith(".exit")) {
            return Region.EXIT;
        }
        if (!s.isAlloc()) {
            return Region.OTHER;
        }
        if (s.isExecutable()) {
            return Region.TEXT;
        }
        if (s.isNobits()) {
            return Region.BSS;
        }
        if (n.startsWith(".rodata")) {
            return Region.RODATA; // writable in vmlinux's ELF flags; the kernel write-protects it at boot
        }
        return s.isWritable() ? Region.DATA : Region.RODATA;
    }
}
