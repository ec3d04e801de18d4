package org.dynamos.clone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dynamos.image.ElfFile;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.ElfSection;
import org.dynamos.image.KernelImage;
import org.dynamos.image.Region;
import org.dynamos.image.SymbolTable;
import org.dynamos.image.btf.FunctionPrototype;

/**
 * What the clone engine needs to know about one kernel image, indexed once and shared (read-only)
 * by every clone: the text section's bytes and relocations, its functions by address, the region of
 * every symbol, the anchor, and the addresses that data sections hold pointing into code.
 */
public final class CloneContext {
    /** Tables whose entries point into functions on purpose; the table pass handles them. */
    private static final Set<String> TABLE_SECTIONS = Set.of("__ex_table", "__bug_table", ".orc_unwind_ip",
            ".altinstructions", ".parainstructions", ".retpoline_sites", ".return_sites", ".smp_locks",
            "__mcount_loc", "__jump_table", ".static_call_sites");

    private final ElfKernelImage image;
    private final ElfFile elf;
    private final SymbolTable symbols;
    private final ElfSection text;
    private final ByteBuffer textBytes;
    private final RelaTable textRela;
    private final FunctionIndex functions;
    private final long anchor;
    private final long imageStart;
    private final long imageEnd;
    private final byte[] regionCache;
    private final long returnThunk;
    private final long[] dataRefTarget;
    private final long[] dataRefWhere;
    private final KernelTables tables;
    private final java.util.concurrent.ConcurrentHashMap<Integer, RelaTable> relaBySection =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final long[] textSymbolAddress;
    private final int[] textSymbolIndex;
    private static final Region[] REGIONS = Region.values();

    private CloneContext(ElfKernelImage image) throws IOException {
        this.image = image;
        this.elf = image.elf();
        this.symbols = image.symbolTable();
        this.text = elf.section(".text").orElseThrow(() -> new IOException(elf.label() + ": no .text section"));
        this.textBytes = elf.contents(text);
        Optional<ElfSection> rela = elf.sections().stream()
                .filter(s -> s.type() == ElfSection.SHT_RELA && s.info() == text.index()).findFirst();
        this.textRela = rela.isPresent() ? RelaTable.read(elf, rela.get()) : RelaTable.empty();
        this.functions = FunctionIndex.of(symbols, ".text", text.index());
        this.anchor = image.anchor().map(s -> s.address()).orElse(0L);
        this.imageStart = firstValue("_text", text.address());
        this.imageEnd = loadedEnd(elf, imageStart);
        this.regionCache = new byte[symbols.size() + 1];
        this.returnThunk = firstValue("__x86_return_thunk", 0);
        this.tables = KernelTables.read(elf, symbols);
        List<long[]> named = new ArrayList<>();
        for (int i = 0; i < symbols.size(); i++) {
            org.dynamos.image.SymbolType t = symbols.type(i);
            if (symbols.sectionIndex(i) == text.index() && (t == org.dynamos.image.SymbolType.FUNC
                    || t == org.dynamos.image.SymbolType.NOTYPE) && !symbols.name(i).isEmpty()) {
                named.add(new long[] {symbols.value(i), i, t == org.dynamos.image.SymbolType.FUNC ? 0 : 1});
            }
        }
        named.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[2], b[2]));
        this.textSymbolAddress = named.stream().mapToLong(r -> r[0]).toArray();
        this.textSymbolIndex = named.stream().mapToInt(r -> (int) r[1]).toArray();
        List<long[]> refs = new ArrayList<>();
        collectDataReferences(refs);
        refs.sort((a, b) -> Long.compare(a[0], b[0]));
        this.dataRefTarget = refs.stream().mapToLong(r -> r[0]).toArray();
        this.dataRefWhere = refs.stream().mapToLong(r -> r[1]).toArray();
    }

    /** Indexes {@code image} for cloning. */
    public static CloneContext of(ElfKernelImage image) {
        try {
            return new CloneContext(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the end of the highest allocated section at or above {@code start} (the brk area included) */
    private static long loadedEnd(ElfFile elf, long start) {
        long end = start;
        for (ElfSection s : elf.sections()) {
            if (s.isAlloc() && s.address() != 0 && Long.compareUnsigned(s.address(), start) >= 0) {
                end = Math.max(end, s.address() + s.size());
            }
        }
        return end;
    }

    private long firstValue(String name, long otherwise) {
        int[] idx = symbols.indexesOf(name);
        return idx.length == 0 ? otherwise : symbols.value(idx[0]);
    }

    /** Every relocation from a data section whose target lies in the text section, outside the known tables. */
    private void collectDataReferences(List<long[]> out) throws IOException {
        for (ElfSection s : elf.sections()) {
            if (s.type() != ElfSection.SHT_RELA || s.info() <= 0 || s.info() >= elf.sections().size()) {
                continue;
            }
            ElfSection target = elf.section(s.info());
            if (!target.isAlloc() || target.isExecutable() || TABLE_SECTIONS.contains(target.name())) {
                continue;
            }
            RelaTable r = RelaTable.read(elf, s);
            for (int i = 0; i < r.size(); i++) {
                long where = r.where(i);
                if (tables.isTableAddress(where)) {
                    continue;
                }
                int sym = r.symbol(i);
                if (sym <= 0 || sym > symbols.size()) {
                    continue;
                }
                long to = symbols.value(sym - 1) + r.addend(i);
                if (text.containsAddress(to)) {
                    out.add(new long[] {to, where});
                }
            }
        }
    }

    /** @return the image */
    public ElfKernelImage image() {
        return image;
    }

    ElfFile elf() {
        return elf;
    }

    SymbolTable symbols() {
        return symbols;
    }

    ElfSection text() {
        return text;
    }

    RelaTable textRelocations() {
        return textRela;
    }

    FunctionIndex functions() {
        return functions;
    }

    KernelTables tables() {
        return tables;
    }

    private Symbolizer symbolizer;

    /** @return names for addresses (built on first use) */
    synchronized Symbolizer symbolizer() {
        if (symbolizer == null) {
            int percpu = elf.section(".data..percpu").map(ElfSection::index).orElse(-1);
            symbolizer = new Symbolizer(symbols, percpu);
        }
        return symbolizer;
    }

    /** @return the anchor's link-time address, 0 if the image has none */
    public long anchor() {
        return anchor;
    }

    /** @return where the image starts ({@code _text}) */
    long imageStart() {
        return imageStart;
    }

    /** @return where the image ends ({@code _end}) */
    long imageEnd() {
        return imageEnd;
    }

    /** @return the address of {@code __x86_return_thunk}, 0 if absent */
    long returnThunk() {
        return returnThunk;
    }

    /** @return the bytes of the text section from {@code address} for {@code size} bytes */
    ByteBuffer textBytes(long address, long size) {
        return textBytes.slice((int) (address - text.address()), (int) size);
    }

    /** @return the bytes at {@code address} in whichever allocated section holds them, or empty */
    Optional<ByteBuffer> bytesAt(long address, long size) {
        if (text.containsAddress(address) && text.containsAddress(address + size - 1)) {
            return Optional.of(textBytes(address, size));
        }
        for (ElfSection s : elf.sections()) {
            if (s.isAlloc() && !s.isNobits() && s.address() != 0 && s.containsAddress(address)
                    && s.containsAddress(address + size - 1)) {
                try {
                    return Optional.of(elf.range(s.offset() + (address - s.address()), size));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return Optional.empty();
    }

    /** @return the allocated section (not per-CPU) holding {@code address}, if any */
    Optional<ElfSection> sectionAt(long address) {
        for (ElfSection s : elf.sections()) {
            if (s.isAlloc() && s.address() != 0 && s.containsAddress(address)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** @return the region of ELF symbol {@code elfIndex} (1-based, as in {@code r_info}) */
    Region region(int elfIndex) {
        byte r = regionCache[elfIndex];
        if (r == 0) {
            r = (byte) (symbols.get(elfIndex - 1).region().ordinal() + 1);
            regionCache[elfIndex] = r;
        }
        return REGIONS[r - 1];
    }

    /** @return the value of ELF symbol {@code elfIndex} */
    long symbolValue(int elfIndex) {
        return symbols.value(elfIndex - 1);
    }

    /** @return the name of ELF symbol {@code elfIndex} */
    String symbolName(int elfIndex) {
        return symbols.name(elfIndex - 1);
    }

    /**
     * @return the name of a symbol of the text section (a function, or an assembly label such as
     *         {@code __x86_indirect_thunk_rax}) at exactly {@code address}, functions first
     */
    Optional<String> textSymbolAt(long address) {
        int i = Arrays.binarySearch(textSymbolAddress, address);
        if (i < 0) {
            return Optional.empty();
        }
        while (i > 0 && textSymbolAddress[i - 1] == address) {
            i--;
        }
        return Optional.of(symbols.name(textSymbolIndex[i]));
    }

    /** @return the relocations of the section holding {@code address} (empty if it has none) */
    RelaTable relocationsAt(long address) {
        if (text.containsAddress(address)) {
            return textRela;
        }
        Optional<ElfSection> s = sectionAt(address);
        if (s.isEmpty()) {
            return RelaTable.empty();
        }
        return relaBySection.computeIfAbsent(s.get().index(), idx -> {
            for (ElfSection r : elf.sections()) {
                if (r.type() == ElfSection.SHT_RELA && r.info() == idx) {
                    try {
                        return RelaTable.read(elf, r);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return RelaTable.empty();
        });
    }

    /** @return whether {@code address} lies in {@code .altinstr_aux}, where {@code static_cpu_has()} keeps its tests */
    boolean inAltinstrAux(long address) {
        return sectionAt(address).map(s -> s.name().equals(".altinstr_aux")).orElse(false);
    }

    /** @return whether {@code address} lies within the image's loaded extent */
    boolean inImage(long address) {
        return address >= imageStart && address <= imageEnd;
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Optional<FunctionPrototype>> prototypes =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Optional<org.dynamos.image.btf.StructType>> structs =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean btfIndexed;

    /** @return the prototype of {@code function} from BTF (cached; BTF's name index built on first use) */
    Optional<FunctionPrototype> prototype(String function) {
        if (!btfIndexed) {
            image.btf().ifPresent(b -> b.functionNames());
            btfIndexed = true;
        }
        return prototypes.computeIfAbsent(function, image::prototype);
    }

    /** @return a struct or union by tag from BTF (cached) */
    Optional<org.dynamos.image.btf.StructType> struct(String name) {
        return structs.computeIfAbsent(name, image::struct);
    }

    /** @return the kernel image's model, for struct sizes */
    KernelImage kernel() {
        return image;
    }

    /**
     * @return the addresses of data fields that point strictly inside {@code [from, to)}, excluding
     *         {@code from} itself (a pointer to a function's entry is an ordinary function pointer)
     */
    long[] dataReferencesInto(long from, long to) {
        int lo = Arrays.binarySearch(dataRefTarget, from + 1);
        if (lo < 0) {
            lo = -lo - 1;
        }
        while (lo > 0 && dataRefTarget[lo - 1] > from) {
            lo--;
        }
        int hi = lo;
        while (hi < dataRefTarget.length && dataRefTarget[hi] < to) {
            hi++;
        }
        long[] out = new long[hi - lo];
        for (int i = lo; i < hi; i++) {
            out[i - lo] = dataRefWhere[i];
        }
        return out;
    }

    /** @return the target of the data reference at {@code where} (for messages) */
    long dataReferenceTarget(long where) {
        for (int i = 0; i < dataRefWhere.length; i++) {
            if (dataRefWhere[i] == where) {
                return dataRefTarget[i];
            }
        }
        return 0;
    }
}
