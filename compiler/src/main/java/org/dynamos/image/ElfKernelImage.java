package org.dynamos.image;

import static org.dynamos.image.Unchecked.unchecked;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.dynamos.image.btf.Btf;
import org.dynamos.image.dwarf.DebugInfo;
import org.dynamos.image.dwarf.FunctionFacts;

/**
 * A {@link KernelImage} read from an ELF file with a symbol table: the real vmlinux, its per-kernel
 * index ({@link KernelIndex}), or a small gcc-built executable in tests. The file is memory-mapped
 * section by section, never read whole; symbol names are hashed at opening, entries decoded when
 * asked for, the other indexes built on first use. From a vmlinux, the DWARF and relocation
 * questions (compile units, copies, callers, thread creators) are answered by reading what each
 * needs; from an index, by looking the stored answers up.
 */
public final class ElfKernelImage implements KernelImage {
    private final ElfFile elf;
    private final SymbolTable table;
    private final IndexTables index;
    private SortedSet<String> functionNames;
    private int[] byAddress;
    private FentrySites fentrySites;
    private Optional<Btf> btf;
    private Optional<DebugInfo> debugInfo;
    private TextRelocations relocations;
    private KprobeBlacklist kprobeBlacklist;
    private Optional<String> release;
    private Optional<String> buildId;

    private ElfKernelImage(ElfFile elf, SymbolTable table, IndexTables index) {
        this.elf = elf;
        this.table = table;
        this.index = index;
    }

    /**
     * Opens and indexes an image.
     *
     * @throws ElfFormatException if the file is not an x86-64 ELF64 file
     */
    public static ElfKernelImage open(Path path) throws IOException {
        ElfFile elf = ElfFile.open(path);
        try {
            return new ElfKernelImage(elf, SymbolTable.read(elf), IndexTables.read(elf).orElse(null));
        } catch (IOException | RuntimeException e) {
            elf.close();
            throw e;
        }
    }

    /** @return whether this is a per-kernel index ({@link KernelIndex}) rather than a vmlinux */
    public boolean isIndex() {
        return index != null;
    }

    /** @return whether this is a current index of {@code vmlinux}: same format, size and modification time */
    public boolean indexes(Path vmlinux) throws IOException {
        return index != null && index.version() == KernelIndex.VERSION
                && index.vmlinuxSize() == java.nio.file.Files.size(vmlinux)
                && index.vmlinuxModified() == java.nio.file.Files.getLastModifiedTime(vmlinux).toMillis();
    }

    /** @return the underlying ELF file, for readers of further sections (of a vmlinux, not an index) */
    public ElfFile elf() {
        return elf;
    }

    /** @return the symbol table, for index-based scans that should not decode every entry */
    public SymbolTable symbolTable() {
        return table;
    }

    @Override
    public List<KernelSymbol> symbols() {
        return table.asList();
    }

    @Override
    public List<KernelSymbol> symbols(String name) {
        return table.named(name);
    }

    @Override
    public synchronized SortedSet<String> functionNames() {
        if (functionNames == null) {
            TreeSet<String> names = new TreeSet<>();
            for (int i = 0; i < table.size(); i++) {
                if (table.type(i) == SymbolType.FUNC) {
                    names.add(table.name(i));
                }
            }
            functionNames = Collections.unmodifiableSortedSet(names);
        }
        return functionNames;
    }

    @Override
    public List<KernelSymbol> aliases(KernelSymbol symbol) {
        int[] sorted = byAddress();
        List<KernelSymbol> out = new ArrayList<>();
        for (int i = lowerBound(sorted, symbol.address()); i < sorted.length && table.value(sorted[i]) == symbol.address(); i++) {
            KernelSymbol s = table.get(sorted[i]);
            if (!s.equals(symbol) && s.section().equals(symbol.section())) {
                out.add(s);
            }
        }
        return out;
    }

    private synchronized int[] byAddress() {
        if (byAddress == null) {
            byAddress = IntStream.range(0, table.size())
                    .filter(i -> table.type(i) == SymbolType.FUNC || table.type(i) == SymbolType.OBJECT)
                    .boxed()
                    .sorted(Comparator.comparingLong(table::value))
                    .mapToInt(Integer::intValue)
                    .toArray();
        }
        return byAddress;
    }

    @Override
    public Optional<KernelSymbol> anchor() {
        List<KernelSymbol> all = symbols(ANCHOR);
        return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
    }

    @Override
    public OptionalLong fentryOffset(KernelSymbol fn) {
        if (!fn.isFunction()) {
            return OptionalLong.empty();
        }
        return fentrySites().offsetIn(fn.address(), fn.size());
    }

    /** @return the fentry call sites of the image */
    public synchronized FentrySites fentrySites() {
        if (fentrySites == null) {
            fentrySites = unchecked(() -> FentrySites.read(elf, table));
        }
        return fentrySites;
    }

    @Override
    public synchronized Optional<Btf> btf() {
        if (btf == null) {
            Optional<ElfSection> section = elf.sectionWithContents(".BTF");
            btf = section.isEmpty() ? Optional.empty()
                    : Optional.of(unchecked(() -> Btf.parse(elf.contents(section.get()))));
        }
        return btf;
    }

    /** @return the image's DWARF, empty if it has none */
    public synchronized Optional<DebugInfo> debugInfo() {
        if (debugInfo == null) {
            debugInfo = unchecked(() -> DebugInfo.of(elf));
        }
        return debugInfo;
    }

    /** @return the relocations of {@code .text} */
    public synchronized TextRelocations textRelocations() {
        if (relocations == null) {
            relocations = unchecked(() -> TextRelocations.read(elf, table));
        }
        return relocations;
    }

    /** @return the kprobe blacklist */
    public synchronized KprobeBlacklist kprobeBlacklist() {
        if (kprobeBlacklist == null) {
            kprobeBlacklist = unchecked(() -> KprobeBlacklist.read(elf, table));
        }
        return kprobeBlacklist;
    }

    @Override
    public synchronized Optional<String> compileUnit(KernelSymbol symbol) {
        if (!isCode(symbol)) {
            return Optional.empty();
        }
        if (index != null) {
            return index.unitAt(symbol.address());
        }
        if (debugInfo().isEmpty()) {
            return Optional.empty();
        }
        return unchecked(() -> debugInfo.get().units().pathAt(symbol.address()));
    }

    @Override
    public synchronized Optional<SourceFunction> sourceFunction(KernelSymbol function) {
        if (!function.isFunction() || !isCode(function)) {
            return Optional.empty();
        }
        if (index != null) {
            int id = index.identityAt(function.address());
            if (id < 0) {
                return Optional.empty();
            }
            IndexTables.Identity f = index.identity(id);
            return Optional.of(new SourceFunction(f.name(), f.declaredIn(), f.line(), f.noreturn(),
                    byAddressOf(index.outOfLine(id)), byAddressOf(index.inlinedInto(id))));
        }
        if (debugInfo().isEmpty()) {
            return Optional.empty();
        }
        Optional<FunctionFacts> facts = unchecked(() -> debugInfo.get().function(function.address(),
                function.binding() == SymbolBinding.LOCAL));
        return facts.map(f -> new SourceFunction(f.name(), f.declaredIn(), f.line(), f.noreturn(),
                functionsAt(f.outOfLine()), functionsAt(f.inlinedInto())));
    }

    @Override
    public synchronized List<SourceFunction> inlinedOnly(String name) {
        List<SourceFunction> out = new ArrayList<>();
        if (index != null) {
            for (int id : index.inlinedOnly(name)) {
                IndexTables.Identity f = index.identity(id);
                out.add(new SourceFunction(f.name(), f.declaredIn(), f.line(), f.noreturn(), List.of(),
                        byAddressOf(index.inlinedInto(id))));
            }
            return out;
        }
        if (debugInfo().isEmpty()) {
            return out;
        }
        for (FunctionFacts f : unchecked(() -> debugInfo.get().allFunctions().inlinedOnly(name))) {
            out.add(new SourceFunction(f.name(), f.declaredIn(), f.line(), f.noreturn(), List.of(),
                    functionsAt(f.inlinedInto())));
        }
        return out;
    }

    @Override
    public boolean kprobeBlacklisted(KernelSymbol function) {
        return function.isFunction() && kprobeBlacklist().contains(function.address());
    }

    @Override
    public synchronized List<KernelSymbol> callers(KernelSymbol function) {
        if (index != null) {
            return byAddressOf(index.callers(function.address()));
        }
        SortedSet<Long> sites = new TreeSet<>();
        TextRelocations r = textRelocations();
        boolean data = function.type() == SymbolType.OBJECT && function.size() > 0;
        for (int i = 0; i < r.count(); i++) {
            long t = r.target(i);
            if (t == function.address() || (data && t > function.address() && t < function.address() + function.size())) {
                sites.add(r.site(i));
            }
        }
        if (function.binding() == SymbolBinding.LOCAL && isCode(function)) {
            for (long[] range : codeOfUnit(function)) {
                unchecked(() -> {
                    DirectCalls.scan(elf, range[0], range[1], d -> d == function.address(), this::endsFunction,
                            (site, d) -> sites.add(site));
                    return null;
                });
            }
        }
        SortedSet<Long> seen = new TreeSet<>();
        List<KernelSymbol> out = new ArrayList<>();
        for (long site : sites) {
            functionContaining(site).filter(c -> c.address() != function.address())
                    .filter(c -> seen.add(c.address())).ifPresent(out::add);
        }
        out.sort(Comparator.comparingLong(KernelSymbol::address));
        return out;
    }

    /** @return whether some function's code ends at {@code address} */
    boolean endsFunction(long address) {
        Optional<KernelSymbol> f = functionContaining(address - 1);
        return f.isPresent() && f.get().address() + f.get().size() == address;
    }

    /** The code of the compile unit defining {@code s}: its DWARF ranges, else the whole section. */
    private List<long[]> codeOfUnit(KernelSymbol s) {
        if (debugInfo().isPresent()) {
            List<long[]> ranges = unchecked(() -> debugInfo.get().units().rangesAt(s.address()));
            if (!ranges.isEmpty()) {
                return ranges;
            }
        }
        for (ElfSection sec : elf.sections()) {
            if (sec.isExecutable() && sec.containsAddress(s.address())) {
                return List.of(new long[] {sec.address(), sec.address() + sec.size()});
            }
        }
        return List.of();
    }

    @Override
    public synchronized List<KernelSymbol> threadCreators(KernelSymbol function) {
        if (index != null) {
            return byAddressOf(index.threadCreators(function.address()));
        }
        SortedSet<Long> seen = new TreeSet<>();
        List<KernelSymbol> out = new ArrayList<>();
        ThreadStarts.scan(textRelocations(), threadCreatorEntries(), this::startsFunction, this::functionIndexContaining,
                (fn, creator) -> {
                    if (fn == function.address() && seen.add(table.value(creator))) {
                        out.add(table.get(creator));
                    }
                });
        out.sort(Comparator.comparingLong(KernelSymbol::address));
        return out;
    }

    /** @return the entry addresses of the functions that create kernel threads */
    Set<Long> threadCreatorEntries() {
        Set<Long> creators = new HashSet<>();
        for (String name : THREAD_CREATORS) {
            for (int i : table.indexesOf(name)) {
                if (table.type(i) == SymbolType.FUNC) {
                    creators.add(table.value(i));
                }
            }
        }
        return creators;
    }

    /** @return whether a function starts at {@code address} */
    boolean startsFunction(long address) {
        return functionIndexAt(address) >= 0;
    }

    /** @return the symbols with these table indexes, in address order */
    private List<KernelSymbol> byAddressOf(int[] indexes) {
        List<KernelSymbol> out = new ArrayList<>(indexes.length);
        for (int i : indexes) {
            out.add(table.get(i));
        }
        out.sort(Comparator.comparingLong(KernelSymbol::address));
        return out;
    }

    /** @return the function symbols starting at these addresses (the first global one, else the first), in order */
    private List<KernelSymbol> functionsAt(List<Long> addresses) {
        List<KernelSymbol> out = new ArrayList<>();
        for (long a : addresses) {
            functionAt(a).ifPresent(out::add);
        }
        return out;
    }

    /** @return the function starting at {@code address}: a global name if it has one */
    public Optional<KernelSymbol> functionAt(long address) {
        int i = functionIndexAt(address);
        return i < 0 ? Optional.empty() : Optional.of(table.get(i));
    }

    /** @return the symbol table index of {@link #functionAt}, or -1 */
    int functionIndexAt(long address) {
        int[] sorted = byAddress();
        int best = -1;
        for (int i = lowerBound(sorted, address); i < sorted.length && table.value(sorted[i]) == address; i++) {
            if (table.type(sorted[i]) == SymbolType.FUNC) {
                if (best < 0 || table.binding(best) == SymbolBinding.LOCAL && table.binding(sorted[i]) != SymbolBinding.LOCAL) {
                    best = sorted[i];
                }
            }
        }
        return best;
    }

    /** @return the function whose code covers {@code address} */
    public Optional<KernelSymbol> functionContaining(long address) {
        int i = functionIndexContaining(address);
        return i < 0 ? Optional.empty() : Optional.of(table.get(i));
    }

    /** @return the symbol table index of {@link #functionContaining}, or -1 */
    int functionIndexContaining(long address) {
        int[] sorted = byAddress();
        int i = lowerBound(sorted, address + 1) - 1;
        for (int k = 0; i >= 0 && k < 64; i--, k++) {
            int sym = sorted[i];
            long v = table.value(sym);
            if (table.type(sym) == SymbolType.FUNC && address - v < Math.max(1, table.get(sym).size())) {
                return functionIndexAt(v);
            }
        }
        return -1;
    }

    private int lowerBound(int[] sorted, long address) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (table.value(sorted[mid]) < address) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean isCode(KernelSymbol s) {
        return s.region() == Region.TEXT || s.region() == Region.INIT || s.region() == Region.EXIT;
    }

    @Override
    public synchronized Optional<String> release() {
        if (release == null && index != null) {
            release = index.release();
        }
        if (release == null) {
            release = unchecked(() -> ImageIdentity.release(elf, symbols("linux_banner")));
        }
        return release;
    }

    @Override
    public synchronized Optional<String> buildId() {
        if (buildId == null) {
            buildId = unchecked(() -> ImageIdentity.buildId(elf));
        }
        return buildId;
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
        return "ElfKernelImage[" + elf.label() + ", " + table.size() + " symbols" + (index != null ? ", index" : "") + "]";
    }

}
