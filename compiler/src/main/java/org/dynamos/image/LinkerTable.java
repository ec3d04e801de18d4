package org.dynamos.image;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A table the kernel's linker script delimits with {@code __start_X}/{@code __stop_X} symbols. */
final class LinkerTable {
    private LinkerTable() {
    }

    /** @return the bytes between the two marker symbols, or null if either is missing or they are out of order */
    static ByteBuffer between(ElfFile elf, SymbolTable symbols, String startName, String stopName) throws IOException {
        int[] first = symbols.indexesOf(startName);
        int[] last = symbols.indexesOf(stopName);
        long start = first.length == 1 ? symbols.value(first[0]) : 0;
        long stop = last.length == 1 ? symbols.value(last[0]) : 0;
        if (start == 0 || Long.compareUnsigned(stop, start) < 0) {
            return null;
        }
        for (ElfSection s : elf.sections()) {
            if (s.isAlloc() && !s.isNobits() && !s.isOmitted() && s.containsAddress(start)
                    && Long.compareUnsigned(stop - s.address(), s.size()) <= 0) {
                return elf.range(s.offset() + (start - s.address()), stop - start);
            }
        }
        return null;
    }
}
