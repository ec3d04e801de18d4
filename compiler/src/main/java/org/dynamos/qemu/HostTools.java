package org.dynamos.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the host programs a guest run needs, with Debian package hints when they are missing. */
public final class HostTools {
    private HostTools() {}

    /** {@code qemu-system-x86_64} on PATH. */
    public static Path qemu() throws QemuException {
        return which("qemu-system-x86_64").orElseThrow(() -> new QemuException(
                "qemu-system-x86_64 not found on PATH: running a guest needs QEMU.\n"
                        + "help: install it with `apt-get install qemu-system-x86`"));
    }

    /** A statically linked busybox on PATH or in /bin (the guest has no libraries). */
    public static Path busybox() throws QemuException {
        Path p = which("busybox", "/bin", "/usr/bin").orElseThrow(() -> new QemuException(
                "busybox not found: the guest's userland is a static busybox.\n"
                        + "help: install it with `apt-get install busybox-static`"));
        try {
            if (isDynamicElf(p)) {
                throw new QemuException(p + " is dynamically linked; the guest needs a static busybox.\n"
                        + "help: install it with `apt-get install busybox-static`");
            }
        } catch (IOException e) {
            throw new QemuException("cannot read " + p + ": " + e.getMessage());
        }
        return p;
    }

    static Optional<Path> which(String name, String... extraDirs) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of(extraDirs));
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** True when the 64-bit ELF file asks for a program interpreter (PT_INTERP). */
    static boolean isDynamicElf(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64 * 1024);
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (head.length < 64 || b.getInt(0) != 0x464c457f || head[4] != 2) {
            return false; // not an ELF64 file: let the guest tell
        }
        long phoff = b.getLong(0x20);
        int phentsize = Short.toUnsignedInt(b.getShort(0x36));
        int phnum = Short.toUnsignedInt(b.getShort(0x38));
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            if (at + 4 > head.length) {
                break;
            }
            if (b.getInt((int) at) == 3) { // PT_INTERP
                return true;
            }
        }
        return false;
    }
}
