package org.dynamos.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Read access to an ELF64 little-endian x86-64 file: header fields and section headers, and the
 * bytes of any section or file range as a little-endian {@link ByteBuffer}.
 *
 * <p>Opened from a path, the file is memory-mapped one requested range at a time, so a 590 MB
 * vmlinux is never read whole. Opened over a buffer ({@link #of(ByteBuffer)}), ranges are slices of
 * it. Instances are not thread-safe only in the sense that closing races with reads.
 */
public final class ElfFile implements AutoCloseable {
    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int EM_X86_64 = 62;

    private static final int EHDR_SIZE = 64;
    private static final int SHDR_SIZE = 64;

    private final String label;
    private final FileChannel channel;
    private final ByteBuffer whole;
    private final long length;
    private final int type;
    private final int machine;
    private final List<ElfSection> sections;

    private ElfFile(String label, FileChannel channel, ByteBuffer whole, long length) throws IOException {
        this.label = label;
        this.channel = channel;
        this.whole = whole;
        this.length = length;
        ByteBuffer ehdr = range(0, Math.min(EHDR_SIZE, length));
        if (ehdr.remaining() < EHDR_SIZE || ehdr.getInt(0) != 0x464c457f) {
            throw new ElfFormatException(label + ": not an ELF file");
        }
        if (ehdr.get(4) != 2 || ehdr.get(5) != 1) {
            throw new ElfFormatException(label + ": not a 64-bit little-endian ELF file");
        }
        this.type = Short.toUnsignedInt(ehdr.getShort(16));
        this.machine = Short.toUnsignedInt(ehdr.getShort(18));
        if (machine != EM_X86_64) {
            throw new ElfFormatException(label + ": not an x86-64 ELF file (e_machine " + machine + ")");
        }
        long shoff = ehdr.getLong(40);
        int shentsize = Short.toUnsignedInt(ehdr.getShort(58));
        int shnum = Short.toUnsignedInt(ehdr.getShort(60));
        int shstrndx = Short.toUnsignedInt(ehdr.getShort(62));
        if (shnum == 0 && shoff != 0) {
            shnum = (int) range(shoff, SHDR_SIZE).getLong(32); // extended numbering: sh_size of entry 0
        }
        if (shstrndx == 0xffff) {
            shstrndx = range(shoff, SHDR_SIZE).getInt(40); // extended numbering: sh_link of entry 0
        }
        if (shnum > 0 && shentsize != SHDR_SIZE) {
            throw new ElfFormatException(label + ": unexpected section header size " + shentsize);
        }
        ByteBuffer shdrs = range(shoff, (long) shnum * SHDR_SIZE);
        long[][] raw = new long[shnum][];
        for (int i = 0; i < shnum; i++) {
            int b = i * SHDR_SIZE;
            raw[i] = new long[] {
                Integer.toUnsignedLong(shdrs.getInt(b)), Integer.toUnsignedLong(shdrs.getInt(b + 4)),
                shdrs.getLong(b + 8), shdrs.getLong(b + 16), shdrs.getLong(b + 24), shdrs.getLong(b + 32),
                Integer.toUnsignedLong(shdrs.getInt(b + 40)), Integer.toUnsignedLong(shdrs.getInt(b + 44)),
                shdrs.getLong(b + 48), shdrs.getLong(b + 56)};
        }
        ByteBuffer names = null;
        if (shstrndx > 0 && shstrndx < shnum) {
            names = range(raw[shstrndx][4], raw[shstrndx][5]);
        }
        List<ElfSection> list = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            long[] r = raw[i];
            String name = names == null ? "" : cString(names, (int) r[0]);
            list.add(new ElfSection(i, name, (int) r[1], r[2], r[3], r[4], r[5], (int) r[6], (int) r[7], r[8], r[9]));
        }
        this.sections = Collections.unmodifiableList(list);
    }

    /**
     * Opens and maps a file on demand.
     *
     * @throws ElfFormatException if it is not an ELF64 little-endian x86-64 file
     */
    public static ElfFile open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new ElfFile(path.toString(), ch, null, ch.size());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Reads an ELF image held in memory (for example a module being rewritten). The buffer's
     * position 0 is file offset 0; the buffer is not copied.
     */
    public static ElfFile of(String label, ByteBuffer bytes) throws ElfFormatException {
        try {
            return new ElfFile(label, null, bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN), bytes.capacity());
        } catch (ElfFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen without a channel
        }
    }

    /** @return the file name or label given at opening, for messages */
    public String label() {
        return label;
    }

    /** @return {@code e_type}: {@link #ET_REL}, {@link #ET_EXEC}, ... */
    public int type() {
        return type;
    }

    /** @return the file length in bytes */
    public long length() {
        return length;
    }

    /** @return all section headers, index 0 (the null section) included */
    public List<ElfSection> sections() {
        return sections;
    }

    /** @return the section header at {@code index} */
    public ElfSection section(int index) {
        return sections.get(index);
    }

    /** @return the first section with exactly this name whose contents are in the file */
    public Optional<ElfSection> sectionWithContents(String name) {
        return section(name).filter(s -> !s.isOmitted());
    }

    /** @return the first section with exactly this name */
    public Optional<ElfSection> section(String name) {
        for (ElfSection s : sections) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** @return the first section of this {@code sh_type} */
    public Optional<ElfSection> sectionOfType(int shType) {
        for (ElfSection s : sections) {
            if (s.type() == shType) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * @return the section's file bytes (empty for {@code SHT_NOBITS}), little-endian, position 0
     * @throws ElfFormatException if the file left the contents out ({@link ElfSection#isOmitted()})
     */
    public ByteBuffer contents(ElfSection section) throws IOException {
        if (section.isOmitted()) {
            throw new ElfFormatException(label + ": the contents of " + section.name() + " are not in this file");
        }
        if (section.isNobits()) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        return range(section.offset(), section.size());
    }

    /**
     * @return {@code size} bytes at file offset {@code offset}, little-endian, position 0
     * @throws ElfFormatException if the range is outside the file or larger than 2 GiB
     */
    public ByteBuffer range(long offset, long size) throws IOException {
        if (offset < 0 || size < 0 || offset > length || size > length - offset) {
            throw new ElfFormatException(label + ": range 0x" + Long.toHexString(offset) + "+0x"
                    + Long.toHexString(size) + " lies outside the file");
        }
        if (size > Integer.MAX_VALUE) {
            throw new ElfFormatException(label + ": range of " + size + " bytes is too large to map");
        }
        if (whole != null) {
            return whole.slice((int) offset, (int) size).order(ByteOrder.LITTLE_ENDIAN);
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, offset, size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the NUL-terminated string at {@code at} in {@code table} (bytes taken as UTF-8) */
    public static String cString(ByteBuffer table, int at) {
        int end = at;
        int limit = table.limit();
        while (end < limit && table.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - at];
        table.get(at, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
