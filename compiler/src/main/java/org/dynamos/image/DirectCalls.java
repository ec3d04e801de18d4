package org.dynamos.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.LongPredicate;

/**
 * Finds the calls and jumps the assembler resolved itself, which leave no relocation: a call from
 * one function to a static function of the same object file (the kernel is not built with
 * {@code -ffunction-sections}). Scans code bytes for {@code call rel32} ({@code e8}),
 * {@code jmp rel32} ({@code e9}) and {@code jcc rel32} ({@code 0f 80..8f}) whose destination is
 * a wanted address; a stray byte pattern hitting a wanted function entry exactly is vanishingly
 * unlikely within the few kilobytes of one object file.
 */
final class DirectCalls {

    /** Receives one found site. */
    interface Sink {
        void found(long site, long destination);
    }

    private DirectCalls() {
    }

    /**
     * Scans {@code [start, end)} of the executable section holding it.
     *
     * @param wanted        which destinations to report
     * @param functionEnds  whether an address is where a function's code ends
     */
    static void scan(ElfFile elf, long start, long end, LongPredicate wanted, LongPredicate functionEnds, Sink sink)
            throws IOException {
        for (ElfSection s : elf.sections()) {
            if (!s.isExecutable() || s.isNobits() || !s.containsAddress(start)) {
                continue;
            }
            long to = Math.min(end - s.address(), s.size());
            long from = start - s.address();
            if (to <= from) {
                return;
            }
            ByteBuffer code = elf.range(s.offset() + from, to - from);
            int n = code.limit();
            for (int i = 0; i + 2 <= n; i++) {
                int op = code.get(i) & 0xff;
                if (op == 0xeb) {
                    long site = start + i;
                    long destination = site + 2 + code.get(i + 1);
                    if (wanted.test(destination) && functionEnds.test(site + 2)) {
                        sink.found(site, destination);
                    }
                    continue;
                }
                if (i + 5 > n) {
                    continue;
                }
                int len;
                int disp;
                if (op == 0xe8 || op == 0xe9) {
                    len = 5;
                    disp = i + 1;
                } else if (op == 0x0f && i + 6 <= n && (code.get(i + 1) & 0xf0) == 0x80) {
                    len = 6;
                    disp = i + 2;
                } else {
                    continue;
                }
                long site = start + i;
                long destination = site + len + code.getInt(disp);
                if (wanted.test(destination)) {
                    sink.found(site, destination);
                }
            }
            return;
        }
    }
}
