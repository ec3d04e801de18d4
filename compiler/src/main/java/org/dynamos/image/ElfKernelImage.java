package org.dynamos.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.dynamos.image.btf.Btf;
import org.dynamos.image.btf.FunctionPrototype;
import org.dynamos.image.btf.StructType;

/**
 * A {@link KernelImage} read from an ELF file with a symbol table: the real vmlinux, or a small
 * gcc-built executable in tests. The file is memory-mapped section by section, never read whole;
 * symbol names are hashed at opening, entries decoded when asked for, the other indexes built on first use.
 */
public final class ElfKernelImage implements KernelImage {
    private final ElfFile elf;
    private final SymbolTable table;
    private SortedSet<String> functionNames;
    private int[] byAddress;
    private FentrySites fentrySites;
    private Optional<Btf> btf;
    private Optional<String> release;
    private Optional<String> buildId;

    private ElfKernelImage(ElfFile elf, SymbolTable table) {
        this.elf = elf;
        this.table = table;
    }

    /**
     * Opens and indexes an image.
     *
     * @throws ElfFormatException if the file is not an x86-64 ELF64 file
     */
    public static ElfKernelImage open(Path path) throws IOException {
        ElfFile elf = ElfFile.open(path);
        try {
            return new ElfKernelImage(elf, SymbolTable.read(elf));
        } catch (IOException | RuntimeException e) {
            elf.close();
            throw e;
        }
    }

    /** @return the underlying ELF file, for readers of further sections */
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
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (table.value(sorted[mid]) < symbol.address()) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        List<KernelSymbol> out = new ArrayList<>();
        for (int i = lo; i < sorted.length && table.value(sorted[i]) == symbol.address(); i++) {
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

    /** @return the image's BTF, parsed on first use; empty if it has no {@code .BTF} section */
    public synchronized Optional<Btf> btf() {
        if (btf == null) {
            Optional<ElfSection> section = elf.section(".BTF");
            btf = section.isEmpty() ? Optional.empty()
                    : Optional.of(unchecked(() -> Btf.parse(elf.contents(section.get()))));
        }
        return btf;
    }

    @Override
    public Optional<FunctionPrototype> prototype(String function) {
        return btf().flatMap(b -> b.prototype(function));
    }

    @Override
    public Optional<StructType> struct(String name) {
        return btf().flatMap(b -> b.struct(name));
    }

    @Override
    public synchronized Optional<String> release() {
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

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T unchecked(IoSupplier<T> s) {
        try {
            return s.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "ElfKernelImage[" + elf.label() + ", " + table.size() + " symbols]";
    }

}
