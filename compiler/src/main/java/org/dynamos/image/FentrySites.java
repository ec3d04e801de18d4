package org.dynamos.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The sorted addresses of every fentry call site, read from the {@code __mcount_loc} table that
 * {@code -mrecord-mcount} emits and the linker gathers between {@code __start_mcount_loc} and
 * {@code __stop_mcount_loc} (inside {@code .init.data} in a vmlinux). A linked image holds the
 * final 64-bit addresses in that table (checked on 6.1: linked with --emit-relocs, the values are
 * the relocated ones), so no relocation is applied.
 */
public final class FentrySites {
    /** The section name, in objects and in the per-kernel index. */
    public static final String SECTION = "__mcount_loc";

    private final long[] sorted;

    private FentrySites(long[] sorted) {
        this.sorted = sorted;
    }

    /** @return the sites of a linked image; none for a relocatable object or an image without the table */
    public static FentrySites read(ElfFile elf, SymbolTable symbols) throws IOException {
        if (elf.type() == ElfFile.ET_REL) {
            return new FentrySites(new long[0]);
        }
        Optional<ElfSection> own = elf.section(SECTION);
        ByteBuffer table = own.isPresent() ? elf.contents(own.get())
                : LinkerTable.between(elf, symbols, "__start_mcount_loc", "__stop_mcount_loc");
        if (table == null) {
            return new FentrySites(new long[0]);
        }
        long[] sites = new long[table.remaining() / 8];
        table.asLongBuffer().get(sites);
        // Kernel addresses are negative as signed longs; unsigned order is the same as signed order
        // within one half of the address space, which holds for the kernel image.
        Arrays.sort(sites);
        return new FentrySites(sites);
    }

    /** @return the site addresses, sorted */
    public long[] addresses() {
        return sorted.clone();
    }

    /** @return how many sites the image records */
    public int count() {
        return sorted.length;
    }

    /**
     * @return the offset of the first site in {@code [address, address + max(size, 1))}, if any
     */
    public OptionalLong offsetIn(long address, long size) {
        int i = Arrays.binarySearch(sorted, address);
        if (i < 0) {
            i = -i - 1;
        }
        if (i < sorted.length && sorted[i] - address < Math.max(size, 1) && sorted[i] >= address) {
            return OptionalLong.of(sorted[i] - address);
        }
        return OptionalLong.empty();
    }
}
