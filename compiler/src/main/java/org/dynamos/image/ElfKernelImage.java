package org.dynamos.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A {@link KernelImage} read from an ELF file with a symbol table: the real vmlinux, or a small
 * gcc-built executable in tests. The file is memory-mapped section by section, never read whole;
 * the symbol table is decoded once at opening, the other indexes on first use.
 */
public final class ElfKernelImage implements KernelImage {
    private final ElfFile elf;
    private final List<KernelSymbol> symbols;
    private final Map<String, Object> byName;
    private SortedSet<String> functionNames;
    private KernelSymbol[] byAddress;
    private FentrySites fentrySites;
    private Optional<String> release;
    private Optional<String> buildId;

    private ElfKernelImage(ElfFile elf, List<KernelSymbol> symbols) {
        this.elf = elf;
        this.symbols = symbols;
        this.byName = new HashMap<>(symbols.size() * 2);
        for (KernelSymbol s : symbols) {
            if (s.type() == SymbolType.FILE || s.type() == SymbolType.SECTION || s.name().isEmpty()) {
                continue;
            }
            byName.merge(s.name(), s, ElfKernelImage::addTo);
        }
    }

    /**
     * Opens and indexes an image.
     *
     * @throws ElfFormatException if the file is not an x86-64 ELF64 file
     */
    public static ElfKernelImage open(Path path) throws IOException {
        ElfFile elf = ElfFile.open(path);
        try {
            return new ElfKernelImage(elf, SymbolTableReader.read(elf));
        } catch (IOException | RuntimeException e) {
            elf.close();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static Object addTo(Object old, Object added) {
        List<KernelSymbol> list;
        if (old instanceof KernelSymbol one) {
            list = new ArrayList<>(2);
            list.add(one);
        } else {
            list = (List<KernelSymbol>) old;
        }
        list.add((KernelSymbol) added);
        return list;
    }

    /** @return the underlying ELF file, for readers of further sections */
    public ElfFile elf() {
        return elf;
    }

    @Override
    public List<KernelSymbol> symbols() {
        return symbols;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<KernelSymbol> symbols(String name) {
        Object o = byName.get(name);
        if (o == null) {
            return List.of();
        }
        if (o instanceof KernelSymbol one) {
            return List.of(one);
        }
        return Collections.unmodifiableList((List<KernelSymbol>) o);
    }

    @Override
    public synchronized SortedSet<String> functionNames() {
        if (functionNames == null) {
            TreeSet<String> names = new TreeSet<>();
            for (KernelSymbol s : symbols) {
                if (s.isFunction()) {
                    names.add(s.name());
                }
            }
            functionNames = Collections.unmodifiableSortedSet(names);
        }
        return functionNames;
    }

    @Override
    public List<KernelSymbol> aliases(KernelSymbol symbol) {
        KernelSymbol[] sorted = byAddress();
        int i = lowerBound(sorted, symbol.address());
        List<KernelSymbol> out = new ArrayList<>();
        for (; i < sorted.length && sorted[i].address() == symbol.address(); i++) {
            KernelSymbol s = sorted[i];
            if (!s.equals(symbol) && s.section().equals(symbol.section())) {
                out.add(s);
            }
        }
        return out;
    }

    private synchronized KernelSymbol[] byAddress() {
        if (byAddress == null) {
            byAddress = symbols.stream()
                    .filter(s -> s.type() == SymbolType.FUNC || s.type() == SymbolType.OBJECT)
                    .sorted(Comparator.comparingLong(KernelSymbol::address))
                    .toArray(KernelSymbol[]::new);
        }
        return byAddress;
    }

    private static int lowerBound(KernelSymbol[] sorted, long address) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].address() < address) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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
            fentrySites = unchecked(() -> FentrySites.read(elf, symbols));
        }
        return fentrySites;
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
        return "ElfKernelImage[" + elf.label() + ", " + symbols.size() + " symbols]";
    }

}
