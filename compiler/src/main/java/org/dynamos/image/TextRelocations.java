package org.dynamos.image;

import static org.dynamos.image.RelocationType.*;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The relocations of the code sections that a vmlinux linked with {@code --emit-relocs} keeps in
 * {@code .rela.text}, {@code .rela.init.text} and the like: every call, jump and address reference
 * from kernel code, whether or not the linker resolved it. Sections are taken in address order and
 * each is sorted by site, so the relocations of one function are consecutive. Each one's <em>target</em> is the address it refers to: {@code S + A} for
 * absolute relocations ({@code mov $kswapd, %rdi} is {@code R_X86_64_32S}), {@code S + A + 4} for
 * PC-relative ones, whose field ends the instruction ({@code call}, {@code jmp}, {@code lea x(%rip)}).
 * References to static functions are usually section-relative ({@code .text+0x292a50}): the
 * target address, not the symbol, says what is referenced.
 */
public final class TextRelocations {
    private static final int RELA_SIZE = 24;

    private final ElfFile elf;
    private final ByteBuffer rela;
    private final SymbolTable symbols;
    private final int count;
    private final Map<Integer, ByteBuffer> code = new HashMap<>();

    private TextRelocations(ElfFile elf, ByteBuffer rela, SymbolTable symbols) {
        this.elf = elf;
        this.rela = rela;
        this.symbols = symbols;
        this.count = rela.remaining() / RELA_SIZE;
    }

    /** @return the relocations of the code sections, none if the image kept none */
    public static TextRelocations read(ElfFile elf, SymbolTable symbols) throws IOException {
        List<ElfSection> relas = new ArrayList<>();
        for (ElfSection s : elf.sections()) {
            if (s.type() == ElfSection.SHT_RELA && s.info() > 0 && s.info() < elf.sections().size()
                    && elf.section(s.info()).isExecutable() && elf.section(s.info()).isAlloc()) {
                relas.add(s);
            }
        }
        relas.sort(Comparator.comparingLong(s -> elf.section(s.info()).address()));
        if (relas.size() == 1) {
            return new TextRelocations(elf, elf.contents(relas.get(0)), symbols);
        }
        long total = relas.stream().mapToLong(ElfSection::size).sum();
        if (total > Integer.MAX_VALUE) {
            throw new ElfFormatException(elf.label() + ": code relocations too large to read");
        }
        ByteBuffer all = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        for (ElfSection s : relas) {
            all.put(elf.contents(s));
        }
        return new TextRelocations(elf, all.flip(), symbols);
    }

    /** @return the number of relocations */
    public int count() {
        return count;
    }

    /** @return where relocation {@code i} applies (an address in {@code .text}) */
    public long site(int i) {
        return rela.getLong(i * RELA_SIZE);
    }

    /** @return the ELF relocation type of relocation {@code i} */
    public int type(int i) {
        return (int) rela.getLong(i * RELA_SIZE + 8);
    }

    /**
     * @return whether relocation {@code i} takes an address ({@code mov $kswapd, %rdi},
     *         {@code lea kswapd(%rip), %rdi}) rather than being the operand of a call or jump: those
     *         are {@code R_X86_64_PLT32}, or {@code R_X86_64_PC32} after a {@code call}, {@code jmp}
     *         or {@code jcc} opcode (a jump into another section, such as a function's cold part)
     */
    public boolean takesAddress(int i) {
        int type = type(i);
        if (type == R_X86_64_64 || type == R_X86_64_32 || type == R_X86_64_32S) {
            return true;
        }
        return type == R_X86_64_PC32 && !isBranchOperand(site(i));
    }

    /** @return whether relocation {@code i} is the operand of a call or jump */
    public boolean isBranch(int i) {
        int type = type(i);
        return type == R_X86_64_PLT32 || type == R_X86_64_PC32 && isBranchOperand(site(i));
    }

    private boolean isBranchOperand(long site) {
        for (ElfSection s : elf.sections()) {
            if (s.isExecutable() && !s.isNobits() && !s.isOmitted() && s.containsAddress(site)) {
                ByteBuffer b = code.computeIfAbsent(s.index(), k -> {
                    try {
                        return elf.contents(s);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                int at = (int) (site - s.address());
                int op = at >= 1 ? b.get(at - 1) & 0xff : -1;
                int op0 = at >= 2 ? b.get(at - 2) & 0xff : -1;
                return op == 0xe8 || op == 0xe9 || op0 == 0x0f && (op & 0xf0) == 0x80;
            }
        }
        return false;
    }

    /** @return the address relocation {@code i} refers to, or 0 for a type that refers to none */
    public long target(int i) {
        long info = rela.getLong(i * RELA_SIZE + 8);
        int type = (int) info;
        int sym = (int) (info >>> 32);
        long addend = rela.getLong(i * RELA_SIZE + 16);
        long s = sym == 0 || sym - 1 >= symbols.size() ? 0 : symbols.value(sym - 1);
        return switch (type) {
            case R_X86_64_64, R_X86_64_32, R_X86_64_32S -> s + addend;
            case R_X86_64_PC32, R_X86_64_PLT32 -> s + addend + 4;
            default -> 0;
        };
    }

}
