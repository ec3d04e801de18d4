package org.dynamos.qemu;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a cpio archive in the "newc" format ({@code 070701}, what the kernel's initramfs
 * unpacker reads). Entries are written in the order given, so parents must come before their
 * contents; names are relative ({@code bin/sh}). Owners are root, times are zero: the same
 * input gives the same bytes.
 */
public final class CpioWriter implements AutoCloseable {
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;
    private static final byte[] ZEROS = new byte[4];

    private final OutputStream out;
    private long written;
    private int nextInode = 1;
    private boolean finished;

    /** Writes to {@code out}, which {@link #close()} closes. */
    public CpioWriter(OutputStream out) {
        this.out = out;
    }

    /** A directory. */
    public void directory(String name, int permissions) throws IOException {
        entry(name, S_IFDIR | (permissions & 07777), 2, 0, 0, new byte[0]);
    }

    /** A regular file with {@code data}. */
    public void file(String name, byte[] data, int permissions) throws IOException {
        entry(name, S_IFREG | (permissions & 07777), 1, 0, 0, data);
    }

    /** A symbolic link to {@code target}. */
    public void symlink(String name, String target) throws IOException {
        entry(name, S_IFLNK | 0777, 1, 0, 0, target.getBytes(StandardCharsets.UTF_8));
    }

    /** A character device node. */
    public void charDevice(String name, int major, int minor, int permissions) throws IOException {
        entry(name, S_IFCHR | (permissions & 07777), 1, major, minor, new byte[0]);
    }

    /** Writes the {@code TRAILER!!!} entry; no entry may follow. */
    public void finish() throws IOException {
        if (!finished) {
            nextInode = 0;
            entry("TRAILER!!!", 0, 1, 0, 0, new byte[0]);
            finished = true;
        }
    }

    /** Finishes the archive and closes the stream. */
    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }

    private void entry(String name, int mode, int nlink, int rdevMajor, int rdevMinor, byte[] data) throws IOException {
        if (finished) {
            throw new IllegalStateException("cpio archive already finished");
        }
        if (name.startsWith("/") || name.isEmpty()) {
            throw new IllegalArgumentException("cpio names are relative and not empty: '" + name + "'");
        }
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(110).append("070701");
        for (long field : new long[] {nextInode == 0 ? 0 : nextInode++, mode, 0, 0, nlink, 0, data.length,
                0, 0, rdevMajor, rdevMinor, nameBytes.length, 0}) {
            h.append(String.format("%08x", field));
        }
        write(h.toString().getBytes(StandardCharsets.US_ASCII));
        write(nameBytes);
        pad();
        write(data);
        pad();
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        written += bytes.length;
    }

    private void pad() throws IOException {
        int n = (int) ((4 - written % 4) % 4);
        out.write(ZEROS, 0, n);
        written += n;
    }
}
