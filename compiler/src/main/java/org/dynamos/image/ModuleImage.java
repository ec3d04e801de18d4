package org.dynamos.image;

import static org.dynamos.image.Unchecked.unchecked;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.dynamos.image.btf.Btf;

/**
 * A {@link KernelImage} of one loadable module: its relocatable {@code .ko}. A module has no
 * addresses until it is loaded, so its allocated sections are laid out one after another at a
 * synthetic base, each at its alignment, and every symbol gets the address of its section plus its
 * value: symbols stay unique and ordered, so the checks written for vmlinux (aliases, sizes, cold
 * parts, clones, fentry offsets) work unchanged. The fentry sites are the relocations of
 * {@code __mcount_loc}; prototypes, structs and typedefs come from the module's split BTF read on
 * top of the kernel's. A module has no DWARF: compile units, copies and inlinings are unknown.
 */
public final class ModuleImage implements KernelImage {
    /** Where the synthetic layout starts (the modules area of x86-64). */
    static final long BASE = 0xffffffffc0000000L;
    private static final int SYM_SIZE = 24;
    private static final int RELA_SIZE = 24;

    private final String name;
    private final ElfFile elf;
    private final long[] sectionBase;
    private final List<KernelSymbol> symbols;
    private final Map<String, List<KernelSymbol>> byName = new HashMap<>();
    private final KernelSymbol[] tableSymbols;
    private final Supplier<Optional<ByteBuffer>> baseBtf;
    private final Map<String, String> modinfo;
    private SortedSet<String> functionNames;
    private long[] fentrySites;
    private Optional<Btf> btf;
    private List<long[]> references;

    private ModuleImage(String name, ElfFile elf, Supplier<Optional<ByteBuffer>> baseBtf) throws IOException {
        this.name = name;
        this.elf = elf;
        this.baseBtf = baseBtf;
        this.sectionBase = layout(elf);
        this.modinfo = readModinfo(elf);
        Optional<ElfSection> symtab = elf.sectionOfType(ElfSection.SHT_SYMTAB);
        List<KernelSymbol> all = new ArrayList<>();
        int count = symtab.map(s -> (int) (s.size() / SYM_SIZE)).orElse(0);
        tableSymbols = new KernelSymbol[count];
        if (symtab.isPresent()) {
            ByteBuffer syms = elf.contents(symtab.get());
            ByteBuffer str = elf.contents(elf.section(symtab.get().link()));
            String file = null;
            for (int i = 1; i < count; i++) {
                int b = i * SYM_SIZE;
                int info = syms.get(b + 4) & 0xff;
                int shndx = Short.toUnsignedInt(syms.getShort(b + 6));
                long value = syms.getLong(b + 8);
                long size = syms.getLong(b + 16);
                SymbolType type = SymbolType.of(info & 0xf);
                SymbolBinding binding = SymbolBinding.of(info >>> 4);
                String symName = ElfFile.cString(str, syms.getInt(b));
                if (type == SymbolType.FILE) {
                    file = symName;
                    continue;
                }
                boolean defined = shndx != 0 && shndx < elf.sections().size();
                String section = shndx == 0 ? "*UND*" : shndx == RegionClassifier.SHN_ABS ? "*ABS*"
                        : defined ? elf.section(shndx).name() : "*COM*";
                long address = defined ? sectionBase[shndx] + value : value;
                Region region = defined ? region(elf.section(shndx)) : shndx == RegionClassifier.SHN_ABS
                        ? Region.ABSOLUTE : Region.OTHER;
                if (type == SymbolType.SECTION && defined) {
                    symName = elf.section(shndx).name();
                }
                KernelSymbol s = new KernelSymbol(symName, address, size, type, binding, section,
                        binding == SymbolBinding.LOCAL ? file : null, region);
                tableSymbols[i] = s;
                all.add(s);
                if (!symName.isEmpty() && type != SymbolType.SECTION) {
                    byName.computeIfAbsent(symName, k -> new ArrayList<>()).add(s);
                }
            }
        }
        this.symbols = Collections.unmodifiableList(all);
    }

    /**
     * Opens a module's {@code .ko}.
     *
     * @param name    the module's name ({@code binfmt_misc})
     * @param baseBtf the kernel's BTF, which the module's split BTF builds on (read on first use)
     */
    public static ModuleImage open(String name, Path ko, Supplier<Optional<ByteBuffer>> baseBtf) throws IOException {
        ElfFile elf = ElfFile.open(ko);
        try {
            if (elf.type() != ElfFile.ET_REL) {
                throw new ElfFormatException(ko + " is not a relocatable object (a kernel module)");
            }
            return new ModuleImage(name, elf, baseBtf);
        } catch (IOException | RuntimeException e) {
            elf.close();
            throw e;
        }
    }

    /** @return the module's name */
    public String name() {
        return name;
    }

    /** @return the {@code .modinfo} entries (the last of each key): {@code vermagic}, {@code depends}, ... */
    public Map<String, String> modinfo() {
        return modinfo;
    }

    /** @return the synthetic address of the allocated section {@code name} (0 if there is none) */
    public long sectionAddress(String section) {
        return elf.section(section).map(s -> sectionBase[s.index()]).orElse(0L);
    }

    /** The synthetic address of each allocated section; 0 for the others. */
    private static long[] layout(ElfFile elf) {
        long[] base = new long[elf.sections().size()];
        long at = BASE;
        for (ElfSection s : elf.sections()) {
            if (!s.isAlloc() || s.index() == 0) {
                continue;
            }
            long align = Math.max(1, s.alignment());
            at = (at + align - 1) / align * align;
            base[s.index()] = at;
            at += Math.max(s.size(), 1) + 16; // a gap: no symbol of one section touches the next
        }
        return base;
    }

    private static Region region(ElfSection s) {
        String n = s.name();
        if (n.startsWith(".init")) {
            return Region.INIT; // module_init's code and data, freed once init has run
        }
        if (n.startsWith(".exit")) {
            return Region.EXIT;
        }
        if (!s.isAlloc()) {
            return Region.OTHER;
        }
        if (n.startsWith(".data..percpu")) {
            return Region.PERCPU;
        }
        if (s.isExecutable()) {
            return Region.TEXT;
        }
        if (s.isNobits()) {
            return Region.BSS;
        }
        if (n.startsWith(".rodata")) {
            return Region.RODATA;
        }
        return s.isWritable() ? Region.DATA : Region.RODATA;
    }

    private static Map<String, String> readModinfo(ElfFile elf) throws IOException {
        Map<String, String> m = new HashMap<>();
        Optional<ElfSection> s = elf.sectionWithContents(".modinfo");
        if (s.isEmpty()) {
            return m;
        }
        ByteBuffer b = elf.contents(s.get());
        int at = 0;
        while (at < b.limit()) {
            String entry = ElfFile.cString(b, at);
            at += entry.getBytes(StandardCharsets.UTF_8).length + 1;
            int eq = entry.indexOf('=');
            if (eq > 0) {
                m.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public List<KernelSymbol> symbols() {
        return symbols;
    }

    @Override
    public List<KernelSymbol> symbols(String symbol) {
        return byName.getOrDefault(symbol, List.of());
    }

    @Override
    public synchronized SortedSet<String> functionNames() {
        if (functionNames == null) {
            TreeSet<String> names = new TreeSet<>();
            for (KernelSymbol s : symbols) {
                if (s.isFunction() && !s.section().equals("*UND*")) {
                    names.add(s.name());
                }
            }
            functionNames = Collections.unmodifiableSortedSet(names);
        }
        return functionNames;
    }

    @Override
    public List<KernelSymbol> aliases(KernelSymbol symbol) {
        List<KernelSymbol> out = new ArrayList<>();
        for (KernelSymbol s : symbols) {
            if (s.address() == symbol.address() && s.section().equals(symbol.section()) && !s.equals(symbol)
                    && (s.type() == SymbolType.FUNC || s.type() == SymbolType.OBJECT)) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public Optional<KernelSymbol> anchor() {
        return Optional.empty();
    }

    @Override
    public OptionalLong fentryOffset(KernelSymbol fn) {
        if (!fn.isFunction()) {
            return OptionalLong.empty();
        }
        long[] sites = fentrySites();
        int i = Arrays.binarySearch(sites, fn.address());
        if (i < 0) {
            i = -i - 1;
        }
        if (i < sites.length && sites[i] - fn.address() < Math.max(fn.size(), 1)) {
            return OptionalLong.of(sites[i] - fn.address());
        }
        return OptionalLong.empty();
    }

    /** @return the fentry call sites, at their synthetic addresses, sorted: the relocations of {@code __mcount_loc} */
    public synchronized long[] fentrySites() {
        if (fentrySites == null) {
            List<Long> sites = new ArrayList<>();
            for (long[] r : relocations(s -> s.name().equals(FentrySites.SECTION))) {
                sites.add(r[1]);
            }
            fentrySites = sites.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        return fentrySites;
    }

    /**
     * The relocations of the sections {@code which} accepts: {site, target} pairs at synthetic
     * addresses, the target {@code S + A}, plus 4 for PC-relative ones (whose field ends the
     * instruction), as {@link TextRelocations} reads vmlinux's.
     */
    private List<long[]> relocations(java.util.function.Predicate<ElfSection> which) {
        Optional<ElfSection> symtab = elf.sectionOfType(ElfSection.SHT_SYMTAB);
        List<long[]> out = new ArrayList<>();
        if (symtab.isEmpty()) {
            return out;
        }
        for (ElfSection rela : elf.sections()) {
            if (rela.type() != ElfSection.SHT_RELA || rela.link() != symtab.get().index() || rela.info() <= 0
                    || rela.info() >= elf.sections().size() || !which.test(elf.section(rela.info()))) {
                continue;
            }
            ByteBuffer b = unchecked(() -> elf.contents(rela));
            long home = sectionBase[rela.info()];
            for (int at = 0; at + RELA_SIZE <= b.limit(); at += RELA_SIZE) {
                long offset = b.getLong(at);
                long info = b.getLong(at + 8);
                long addend = b.getLong(at + 16);
                int sym = (int) (info >>> 32);
                int type = (int) info;
                if (sym <= 0 || sym >= tableSymbols.length || tableSymbols[sym] == null
                        || tableSymbols[sym].section().equals("*UND*")) {
                    continue;
                }
                long target = tableSymbols[sym].address() + addend;
                if (type == 2 || type == 4 || type == 24) { // R_X86_64_PC32, PLT32, PC64
                    target += 4;
                }
                out.add(new long[] {home + offset, target});
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<Btf> btf() {
        if (btf == null) {
            Optional<ElfSection> own = elf.sectionWithContents(".BTF");
            Optional<ByteBuffer> base = own.isEmpty() ? Optional.empty() : baseBtf.get();
            btf = own.isEmpty() || base.isEmpty() ? Optional.empty()
                    : Optional.of(unchecked(() -> Btf.parseSplit(elf.contents(own.get()), base.get())));
        }
        return btf;
    }

    @Override
    public Optional<String> compileUnit(KernelSymbol symbol) {
        return Optional.empty();
    }

    @Override
    public Optional<SourceFunction> sourceFunction(KernelSymbol function) {
        return Optional.empty();
    }

    @Override
    public List<SourceFunction> inlinedOnly(String function) {
        return List.of();
    }

    @Override
    public boolean kprobeBlacklisted(KernelSymbol function) {
        return false;
    }

    private synchronized List<long[]> references() {
        if (references == null) {
            references = relocations(s -> s.isExecutable() && s.isAlloc());
        }
        return references;
    }

    @Override
    public List<KernelSymbol> callers(KernelSymbol function) {
        boolean data = function.type() == SymbolType.OBJECT && function.size() > 0;
        TreeSet<Long> seen = new TreeSet<>();
        List<KernelSymbol> out = new ArrayList<>();
        for (long[] r : references()) {
            long t = r[1];
            if (t == function.address() || (data && t > function.address() && t < function.address() + function.size())) {
                functionContaining(r[0]).filter(c -> c.address() != function.address())
                        .filter(c -> seen.add(c.address())).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparingLong(KernelSymbol::address));
        return out;
    }

    private Optional<KernelSymbol> functionContaining(long address) {
        KernelSymbol best = null;
        for (KernelSymbol s : symbols) {
            if (s.isFunction() && address >= s.address() && address - s.address() < Math.max(1, s.size())
                    && (best == null || best.binding() == SymbolBinding.LOCAL && s.binding() != SymbolBinding.LOCAL)) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public List<KernelSymbol> threadCreators(KernelSymbol function) {
        return List.of();
    }

    /** @return the release the module was built for, from its {@code vermagic} */
    @Override
    public Optional<String> release() {
        String v = modinfo.get("vermagic");
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip().split("\\s+")[0]);
    }

    @Override
    public Optional<String> buildId() {
        return unchecked(() -> ImageIdentity.buildId(elf));
    }

    @Override
    public void close() {
        try {
            elf.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "ModuleImage[" + name + ", " + elf.label() + ", " + symbols.size() + " symbols]";
    }
}
