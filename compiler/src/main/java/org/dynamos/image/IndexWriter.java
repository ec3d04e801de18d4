package org.dynamos.image;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dynamos.image.dwarf.CompileUnits;
import org.dynamos.image.dwarf.FunctionFacts;

/**
 * Writes the per-kernel index of a vmlinux (see {@link KernelIndex}): every question the checks
 * ask of DWARF and of the code's relocations is answered once, for every function, and stored with
 * the symbol table, BTF and build-id in a small ELF file that {@link ElfKernelImage} opens like the
 * vmlinux itself.
 */
final class IndexWriter {
    private static final int EHDR_SIZE = 64;
    private static final int SHDR_SIZE = 64;
    /** Sections of the vmlinux whose contents the index keeps. */
    private static final Set<String> KEPT = Set.of(".symtab", ".strtab", ".notes", ".BTF");

    private final ElfKernelImage image;
    private final SymbolTable table;
    private final Strings strings = new Strings();

    private IndexWriter(ElfKernelImage image) {
        this.image = image;
        this.table = image.symbolTable();
    }

    /** Builds the index of {@code image} (a vmlinux) and writes it to {@code out} atomically. */
    static void write(ElfKernelImage image, Path vmlinux, Path out) throws IOException {
        new IndexWriter(image).writeTo(vmlinux, out);
    }

    private void writeTo(Path vmlinux, Path out) throws IOException {
        ElfFile elf = image.elf();
        Map<String, byte[]> added = new LinkedHashMap<>();
        added.put(FentrySites.SECTION, addresses(image.fentrySites().addresses()));
        added.put(KprobeBlacklist.SECTION, addresses(image.kprobeBlacklist().addresses()));
        byte[] units = units();
        byte[] functions = functions();
        byte[] callers = callers();
        byte[] threads = threads();
        byte[] header = header(vmlinux);
        added.put(IndexTables.HEADER, header);
        added.put(IndexTables.UNITS, units);
        added.put(IndexTables.FUNCTIONS, functions);
        added.put(IndexTables.CALLERS, callers);
        added.put(IndexTables.THREADS, threads);
        added.put(IndexTables.STRINGS, strings.bytes());

        List<ElfSection> old = elf.sections();
        int shstrndx = -1;
        for (ElfSection s : old) {
            if (s.type() == ElfSection.SHT_STRTAB && s.name().equals(".shstrtab")) {
                shstrndx = s.index();
            }
        }
        Strings names = new Strings();
        int[] nameOffsets = new int[old.size() + added.size() + (shstrndx < 0 ? 1 : 0)];
        for (ElfSection s : old) {
            nameOffsets[s.index()] = names.add(s.name());
        }
        int k = old.size();
        for (String name : added.keySet()) {
            nameOffsets[k++] = names.add(name);
        }
        if (shstrndx < 0) {
            shstrndx = k;
            nameOffsets[k++] = names.add(".shstrtab");
        }
        byte[] shstrtab = names.bytes();

        Path tmp = out.resolveSibling(out.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            long at = EHDR_SIZE;
            ByteArrayOutputStream headers = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(headers);
            for (ElfSection s : old) {
                int type = s.type();
                long offset = 0;
                long size = s.size();
                if (s.index() == shstrndx) {
                    at = align(at);
                    ch.write(ByteBuffer.wrap(shstrtab), at);
                    offset = at;
                    size = shstrtab.length;
                    at += size;
                } else if (s.index() != 0 && KEPT.contains(s.name()) && !s.isNobits()) {
                    ByteBuffer contents = elf.contents(s);
                    at = align(at);
                    offset = at;
                    while (contents.hasRemaining()) {
                        at += ch.write(contents, at);
                    }
                } else if (s.index() != 0 && !s.isNobits()) {
                    type = ElfSection.SHT_DYNAMOS_OMITTED;
                }
                sectionHeader(h, nameOffsets[s.index()], type, s.flags(), s.address(), offset, size, s.link(), s.info(),
                        s.alignment(), s.entrySize());
            }
            k = old.size();
            for (byte[] data : added.values()) {
                at = align(at);
                ch.write(ByteBuffer.wrap(data), at);
                sectionHeader(h, nameOffsets[k++], ElfSection.SHT_PROGBITS, 0, 0, at, data.length, 0, 0, 8, 0);
                at += data.length;
            }
            if (shstrndx == k) {
                at = align(at);
                ch.write(ByteBuffer.wrap(shstrtab), at);
                sectionHeader(h, nameOffsets[k++], ElfSection.SHT_STRTAB, 0, 0, at, shstrtab.length, 0, 0, 1, 0);
                at += shstrtab.length;
            }
            at = align(at);
            long shoff = at;
            ch.write(ByteBuffer.wrap(headers.toByteArray()), shoff);
            ch.write(elfHeader(elf, shoff, k, shstrndx), 0);
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private byte[] header(Path vmlinux) throws IOException {
        return bytes(o -> {
            u32(o, IndexTables.MAGIC);
            u32(o, KernelIndex.VERSION);
            u64(o, Files.size(vmlinux));
            u64(o, Files.getLastModifiedTime(vmlinux).toMillis());
            u32(o, strings.add(image.release().orElse("")));
            u32(o, strings.add(vmlinux.toAbsolutePath().toString()));
        });
    }

    /** Unit paths, then the ranges: a pair table start → unit, followed by each range's end. */
    private byte[] units() throws IOException {
        CompileUnits cu = image.debugInfo().isPresent() ? image.debugInfo().get().units() : null;
        return bytes(o -> {
            int n = cu == null ? 0 : cu.count();
            u32(o, n);
            for (int i = 0; i < n; i++) {
                u32(o, strings.add(cu.path(i)));
            }
            int r = cu == null ? 0 : cu.rangeCount();
            u32(o, r);
            for (int i = 0; i < r; i++) {
                u64(o, cu.rangeStart(i));
            }
            for (int i = 0; i < r; i++) {
                u32(o, cu.rangeUnit(i));
            }
            for (int i = 0; i < r; i++) {
                u64(o, cu.rangeEnd(i));
            }
        });
    }

    /**
     * Source functions: identities, entry → identity, identity → out-of-line and inlined-into
     * functions. Functions with an out-of-line copy come first; then those the compiler only
     * inlined, which have inlined-into functions alone (the checks name them for a target that
     * has no symbol).
     */
    private byte[] functions() throws IOException {
        List<FunctionFacts> all = new ArrayList<>();
        if (image.debugInfo().isPresent()) {
            all.addAll(image.debugInfo().get().allFunctions().all());
            all.addAll(image.debugInfo().get().allFunctions().inlinedOnly());
        }
        Pairs entries = new Pairs();
        Pairs copies = new Pairs();
        Pairs inlined = new Pairs();
        List<FunctionFacts> kept = new ArrayList<>();
        for (FunctionFacts f : all) {
            int id = kept.size();
            boolean any = false;
            for (long entry : f.outOfLine()) {
                int sym = image.functionIndexAt(entry);
                if (sym >= 0) {
                    entries.add(entry, id);
                    copies.add(id, sym);
                    any = true;
                }
            }
            boolean inlinedOnly = f.outOfLine().isEmpty();
            if (!any && !inlinedOnly) {
                continue;
            }
            for (long caller : f.inlinedInto()) {
                int sym = image.functionIndexAt(caller);
                if (sym >= 0) {
                    inlined.add(id, sym);
                    any = true;
                }
            }
            if (!any) {
                continue;
            }
            kept.add(f);
        }
        return bytes(o -> {
            u32(o, kept.size());
            for (FunctionFacts f : kept) {
                u32(o, strings.add(f.name()));
                u32(o, strings.add(f.declaredIn()));
                u32(o, f.line());
                u32(o, f.noreturn() ? 1 : 0);
            }
            entries.write(o);
            copies.write(o);
            inlined.write(o);
        });
    }

    /**
     * Every function's referrers: relocation targets that are function entries, and, for static
     * functions, the calls the assembler resolved within their compile unit. Also the functions
     * referring to each static object (anywhere inside it): which function a static local
     * ({@code lock.4}) belongs to.
     */
    private byte[] callers() throws IOException {
        TextRelocations r = image.textRelocations();
        Pairs pairs = new Pairs();
        Map<Long, Integer> entries = functionEntries();
        java.util.NavigableMap<Long, Long> statics = staticObjects();
        for (int i = 0; i < r.count(); i++) {
            long target = r.target(i);
            if (entries.containsKey(target)) {
                addCaller(pairs, target, r.site(i));
            } else {
                Map.Entry<Long, Long> o = statics.floorEntry(target);
                if (o != null && target < o.getValue()) {
                    addCaller(pairs, o.getKey(), r.site(i));
                }
            }
        }
        Set<Long> localEntries = new HashSet<>();
        for (Map.Entry<Long, Integer> e : entries.entrySet()) {
            if (table.binding(e.getValue()) == SymbolBinding.LOCAL) {
                localEntries.add(e.getKey());
            }
        }
        CompileUnits cu = image.debugInfo().isPresent() ? image.debugInfo().get().units() : null;
        for (ElfSection s : image.elf().sections()) {
            if (!s.isExecutable() || s.isNobits() || s.size() == 0) {
                continue;
            }
            DirectCalls.scan(image.elf(), s.address(), s.address() + s.size(), localEntries::contains,
                    image::endsFunction, (site, dest) -> {
                        if (cu == null ? sameSection(s, dest) : cu.unitAt(site) == cu.unitAt(dest) && cu.unitAt(site) >= 0) {
                            addCaller(pairs, dest, site);
                        }
                    });
        }
        return bytes(pairs::write);
    }

    private static boolean sameSection(ElfSection s, long address) {
        return s.containsAddress(address);
    }

    private void addCaller(Pairs pairs, long callee, long site) {
        int caller = image.functionIndexContaining(site);
        if (caller >= 0 && table.value(caller) != callee) {
            pairs.addOnce(callee, caller);
        }
    }

    /** Functions whose address is handed to a kernel-thread creation call ({@link ThreadStarts}). */
    private byte[] threads() throws IOException {
        Map<Long, Integer> entries = functionEntries();
        Pairs pairs = new Pairs();
        ThreadStarts.scan(image.textRelocations(), image.threadCreatorEntries(), entries::containsKey,
                image::functionIndexContaining, pairs::addOnce);
        return bytes(pairs::write);
    }

    /** Entry address → the symbol index {@link ElfKernelImage#functionAt} picks, for every function. */
    /** The local (static) data objects: start address to end address. */
    private java.util.NavigableMap<Long, Long> staticObjects() {
        java.util.NavigableMap<Long, Long> m = new java.util.TreeMap<>();
        for (int i = 0; i < table.size(); i++) {
            if (table.type(i) == SymbolType.OBJECT && table.binding(i) == SymbolBinding.LOCAL && table.symbolSize(i) > 0) {
                m.merge(table.value(i), table.value(i) + table.symbolSize(i), Math::max);
            }
        }
        return m;
    }

    private Map<Long, Integer> functionEntries() {
        Map<Long, Integer> m = new HashMap<>();
        for (int i = 0; i < table.size(); i++) {
            if (table.type(i) == SymbolType.FUNC) {
                long a = table.value(i);
                if (!m.containsKey(a)) {
                    m.put(a, image.functionIndexAt(a));
                }
            }
        }
        return m;
    }

    private static byte[] addresses(long[] sorted) {
        ByteBuffer b = ByteBuffer.allocate(8 * sorted.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long a : sorted) {
            b.putLong(a);
        }
        return b.array();
    }

    private static ByteBuffer elfHeader(ElfFile elf, long shoff, int shnum, int shstrndx) {
        ByteBuffer e = ByteBuffer.allocate(EHDR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        e.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        e.position(16);
        e.putShort((short) elf.type());
        e.putShort((short) ElfFile.EM_X86_64);
        e.putInt(1);              // e_version
        e.putLong(0);             // e_entry
        e.putLong(0);             // e_phoff: no program headers
        e.putLong(shoff);
        e.putInt(0);              // e_flags
        e.putShort((short) EHDR_SIZE);
        e.putShort((short) 0);    // e_phentsize
        e.putShort((short) 0);    // e_phnum
        e.putShort((short) SHDR_SIZE);
        e.putShort((short) shnum);
        e.putShort((short) shstrndx);
        return e.flip();
    }

    private static void sectionHeader(DataOutput h, int name, int type, long flags, long address, long offset,
                                      long size, int link, int info, long align, long entsize) throws IOException {
        u32(h, name);
        u32(h, type);
        u64(h, flags);
        u64(h, address);
        u64(h, offset);
        u64(h, size);
        u32(h, link);
        u32(h, info);
        u64(h, align);
        u64(h, entsize);
    }

    private static long align(long at) {
        return (at + 7) & ~7L;
    }

    static void u32(DataOutput o, int v) throws IOException {
        o.writeInt(Integer.reverseBytes(v));
    }

    static void u64(DataOutput o, long v) throws IOException {
        o.writeLong(Long.reverseBytes(v));
    }

    private interface Writer {
        void write(DataOutput out) throws IOException;
    }

    private static byte[] bytes(Writer w) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = b; DataOutputStream d = new DataOutputStream(o)) {
            w.write(d);
        }
        return b.toByteArray();
    }

    /** A string table: offset 0 is the empty string; each string is stored once. */
    private static final class Strings {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Map<String, Integer> offsets = new HashMap<>();

        Strings() {
            bytes.write(0);
            offsets.put("", 0);
        }

        int add(String s) {
            Integer at = offsets.get(s);
            if (at == null) {
                at = bytes.size();
                bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                bytes.write(0);
                offsets.put(s, at);
            }
            return at;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    /** Key → value pairs on their way to a {@link IndexTables.PairTable}. */
    private static final class Pairs {
        private long[] keys = new long[1024];
        private int[] values = new int[1024];
        private int n;
        private final Set<String> present = new HashSet<>();

        void add(long key, int value) {
            if (n == keys.length) {
                keys = java.util.Arrays.copyOf(keys, n * 2);
                values = java.util.Arrays.copyOf(values, n * 2);
            }
            keys[n] = key;
            values[n] = value;
            n++;
        }

        void addOnce(long key, int value) {
            if (present.add(key + ":" + value)) {
                add(key, value);
            }
        }

        void write(DataOutput o) throws IOException {
            IndexTables.PairTable.write(o, keys, values, n);
        }
    }
}
