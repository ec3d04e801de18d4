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
    private final long[] sorted;

    private FentrySites(long[] sorted) {
        this.sorted = sorted;
    }

    /** @return the sites of a linked image; none for a relocatable object or an image without the table */
    public static FentrySites read(ElfFile elf, SymbolTable symbols) throws IOException {
        if (elf.type() == ElfFile.ET_REL) {
            return new FentrySites(new long[0]);
        }
        ByteBuffer table = null;
        Optional<ElfSection> own = elf.section("__mcount_loc");
        if (own.isPresent()) {
            table = elf.contents(own.get());
        } else {
            int[] first = symbols.indexesOf("__start_mcount_loc");
            int[] last = symbols.indexesOf("__stop_mcount_loc");
            long start = first.length == 1 ? symbols.value(first[0]) : 0;
            long stop = last.length == 1 ? symbols.value(last[0]) : 0;
            if (start != 0 && Long.compareUnsigned(stop, start) > 0) {
                for (ElfSection s : elf.sections()) {
                    if (s.isAlloc() && !s.isNobits() && s.containsAddress(start)
                            && Long.compareUnsigned(stop - s.address(), s.size()) <= 0) {
                        table = elf.range(s.offset() + (start - s.address()), stop - start);
                        break;
                    }
                }
            }
        }
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
