package org.dynamos.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The functions {@code NOKPROBE_SYMBOL()} puts on the kprobe blacklist: each adds its address to
 * the {@code _kprobe_blacklist} section, which the kernel's linker script gathers between
 * {@code __start_kprobe_blacklist} and {@code __stop_kprobe_blacklist} (inside {@code .init.data}).
 * The whole-range entries the kernel adds at boot (entry, noinstr, kprobes text) are not listed here.
 */
public final class KprobeBlacklist {
    /** The section name, in objects and in the per-kernel index. */
    public static final String SECTION = "_kprobe_blacklist";

    private final long[] sorted;

    private KprobeBlacklist(long[] sorted) {
        this.sorted = sorted;
    }

    /** @return the blacklisted function addresses of a linked image; none if it has no table */
    public static KprobeBlacklist read(ElfFile elf, SymbolTable symbols) throws IOException {
        ByteBuffer table = null;
        Optional<ElfSection> own = elf.section(SECTION);
        if (own.isPresent()) {
            table = elf.contents(own.get());
        } else {
            table = LinkerTable.between(elf, symbols, "__start_kprobe_blacklist", "__stop_kprobe_blacklist");
        }
        if (table == null) {
            return new KprobeBlacklist(new long[0]);
        }
        long[] addresses = new long[table.remaining() / 8];
        table.asLongBuffer().get(addresses);
        Arrays.sort(addresses);
        return new KprobeBlacklist(addresses);
    }

    /** @return whether a function starting at {@code address} is blacklisted */
    public boolean contains(long address) {
        return Arrays.binarySearch(sorted, address) >= 0;
    }

    /** @return the blacklisted addresses, sorted */
    public long[] addresses() {
        return sorted.clone();
    }

    /** @return how many functions are blacklisted */
    public int count() {
        return sorted.length;
    }
}
