package org.dynamos.bind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.dynamos.image.ElfFormatException;
import org.dynamos.image.RelocationType;

/**
 * Where a built module refers to kernel symbols it leaves undefined: every relocation against
 * them, with the section, offset and module function it lies in. The build uses it before binding
 * to find new versions that call the function they replace.
 */
public final class ModuleReferences {
    private static final int STT_OBJECT = 1;
    private static final int STT_FUNC = 2;

    private ModuleReferences() {
    }

    /**
     * One relocation against an undefined symbol.
     *
     * @param symbol   the symbol's name
     * @param section  the section the relocated field lies in ({@code .text})
     * @param offset   the field's offset in that section
     * @param type     the relocation type
     * @param function the module function (or variable) containing the field, if one does
     */
    public record Reference(String symbol, String section, long offset, int type, Optional<String> function) {
        /** @return whether this is the target of a direct call or jump ({@code call sym}, {@code jmp sym}) */
        public boolean isCallOrJump() {
            return type == RelocationType.R_X86_64_PLT32;
        }
    }

    /** @return every relocation in {@code ko} against an undefined symbol whose name {@code names} accepts */
    public static List<Reference> to(Path ko, Predicate<String> names) throws IOException {
        ModuleElf elf;
        try {
            elf = new ModuleElf(ko.getFileName().toString(), Files.readAllBytes(ko));
        } catch (ElfFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<ModuleElf.Symbol> symbols = elf.symbols();
        List<Reference> out = new ArrayList<>();
        for (ModuleElf.Rela r : elf.relocations()) {
            if (r.symbol() <= 0 || r.symbol() >= symbols.size()) {
                continue;
            }
            ModuleElf.Symbol s = symbols.get(r.symbol());
            if (s.shndx() != ModuleElf.SHN_UNDEF || s.name().isEmpty() || !names.test(s.name())) {
                continue;
            }
            out.add(new Reference(s.name(), elf.targetName(r), r.offset(), r.type(),
                    containing(elf, symbols, elf.targetIndex(r), r.offset())));
        }
        return out;
    }

    private static Optional<String> containing(ModuleElf elf, List<ModuleElf.Symbol> symbols, int section, long offset) {
        for (ModuleElf.Symbol s : symbols) {
            int type = s.info() & 0xf;
            if ((type == STT_FUNC || type == STT_OBJECT) && s.shndx() == section && s.value() <= offset
                    && offset < s.value() + elf.symbolSize(s.index())) {
                return Optional.of(s.name());
            }
        }
        return Optional.empty();
    }
}
