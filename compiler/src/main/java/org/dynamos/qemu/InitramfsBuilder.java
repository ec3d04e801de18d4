package org.dynamos.qemu;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Lays out a guest's initramfs: a static busybox with its applet links, {@code /dev/console}
 * and {@code /dev/null}, the mount points /init needs, the caller's files (kernel modules go
 * under {@code /lib/dynamos/}), the step files and {@code /init} itself.
 *
 * <pre>{@code
 * Initramfs img = InitramfsBuilder.create()
 *         .module(Path.of("out/hello.ko"))
 *         .build(GuestScript.of(List.of(GuestStep.of("load", "insmod hello.ko"))), dir.resolve("guest.cpio.gz"));
 * }</pre>
 */
public final class InitramfsBuilder {
    /** Where modules are placed in the guest, and the steps' working directory. */
    public static final String MODULE_DIR = "lib/dynamos";

    private static final Map<Path, List<String>> APPLETS = new ConcurrentHashMap<>();

    private final Path busybox;
    private final Map<String, Entry> entries = new TreeMap<>();

    private sealed interface Entry permits Dir, File, Link, Dev {}

    private record Dir(int mode) implements Entry {}

    private record File(byte[] data, int mode) implements Entry {}

    private record Link(String target) implements Entry {}

    private record Dev(int major, int minor, int mode) implements Entry {}

    /** A builder using the given static busybox binary. */
    public InitramfsBuilder(Path busybox) {
        this.busybox = busybox;
    }

    /** A builder using the host's static busybox ({@link HostTools#busybox()}). */
    public static InitramfsBuilder create() throws QemuException {
        return new InitramfsBuilder(HostTools.busybox());
    }

    /** Adds a kernel module as {@code /lib/dynamos/<file name>}. */
    public InitramfsBuilder module(Path ko) throws QemuException {
        return file(MODULE_DIR + "/" + ko.getFileName(), ko, 0644);
    }

    /** Adds a host file at {@code guestPath}. */
    public InitramfsBuilder file(String guestPath, Path hostFile, int mode) throws QemuException {
        try {
            return file(guestPath, Files.readAllBytes(hostFile), mode);
        } catch (IOException e) {
            throw new QemuException("cannot read " + hostFile + " for the guest: " + e.getMessage());
        }
    }

    /** Adds a file with the given content at {@code guestPath}. */
    public InitramfsBuilder file(String guestPath, byte[] content, int mode) {
        put(guestPath, new File(content.clone(), mode));
        return this;
    }

    /** Adds a symbolic link at {@code guestPath}. */
    public InitramfsBuilder symlink(String guestPath, String target) {
        put(guestPath, new Link(target));
        return this;
    }

    /**
     * Writes the archive for {@code script} to {@code out} (gzip-compressed cpio) and returns it.
     * The caller owns the file.
     */
    public Initramfs build(GuestScript script, Path out) throws QemuException {
        Map<String, Entry> all = new TreeMap<>(entries);
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "dev", "proc", "sys", "tmp", "root", "etc",
                MODULE_DIR, GuestScript.STEP_DIR)) {
            all.putIfAbsent(d, new Dir(d.equals("tmp") ? 01777 : 0755));
        }
        try {
            all.put("bin/busybox", new File(Files.readAllBytes(busybox), 0755));
        } catch (IOException e) {
            throw new QemuException("cannot read " + busybox + ": " + e.getMessage());
        }
        for (String applet : applets(busybox)) {
            all.putIfAbsent(applet, new Link("/bin/busybox"));
        }
        all.put("bin/sh", new Link("busybox"));
        all.put("dev/console", new Dev(5, 1, 0600));
        all.put("dev/null", new Dev(1, 3, 0666));
        for (int i = 0; i < script.steps().size(); i++) {
            all.put(script.stepFile(i), new File(script.stepText(i).getBytes(StandardCharsets.UTF_8), 0755));
        }
        all.put("init", new File(script.init().getBytes(StandardCharsets.UTF_8), 0755));
        addParents(all);
        try (OutputStream file = Files.newOutputStream(out);
             CpioWriter cpio = new CpioWriter(new BufferedOutputStream(new FastGzip(file), 1 << 16))) {
            for (Map.Entry<String, Entry> e : all.entrySet()) {
                write(cpio, e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            throw new QemuException("cannot write the initramfs " + out + ": " + e.getMessage());
        }
        return new Initramfs(out, script);
    }

    private void put(String guestPath, Entry e) {
        String name = normalise(guestPath);
        if (name.equals("init") || name.startsWith(GuestScript.STEP_DIR + "/")) {
            throw new IllegalArgumentException("/" + name + " is reserved for the guest script");
        }
        entries.put(name, e);
    }

    private static void write(CpioWriter cpio, String name, Entry e) throws IOException {
        if (e instanceof Dir d) {
            cpio.directory(name, d.mode());
        } else if (e instanceof File f) {
            cpio.file(name, f.data(), f.mode());
        } else if (e instanceof Link l) {
            cpio.symlink(name, l.target());
        } else if (e instanceof Dev d) {
            cpio.charDevice(name, d.major(), d.minor(), d.mode());
        }
    }

    /** Every parent directory of every entry, so the kernel's unpacker finds it first (sorted order). */
    private static void addParents(Map<String, Entry> all) {
        for (String name : new ArrayList<>(all.keySet())) {
            for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                all.putIfAbsent(name.substring(0, slash), new Dir(0755));
            }
        }
    }

    static String normalise(String guestPath) {
        String name = guestPath.replaceAll("/+", "/");
        while (name.startsWith("/")) {
            name = name.substring(1);
        }
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || List.of(name.split("/")).contains("..")) {
            throw new IllegalArgumentException("bad guest path '" + guestPath + "'");
        }
        return name;
    }

    /** The applet paths of {@code busybox --list-full} ({@code bin/ls}, {@code sbin/insmod}, ...). */
    private static List<String> applets(Path busybox) throws QemuException {
        List<String> cached = APPLETS.get(busybox);
        if (cached != null) {
            return cached;
        }
        try {
            Process p = new ProcessBuilder(busybox.toString(), "--list-full").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new QemuException(busybox + " --list-full failed: " + out.strip());
            }
            List<String> list = out.lines().map(String::strip).filter(s -> !s.isEmpty() && !s.equals("bin/sh"))
                    .map(InitramfsBuilder::normalise).toList();
            APPLETS.put(busybox, list);
            return list;
        } catch (IOException e) {
            throw new QemuException("cannot run " + busybox + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuException("interrupted while listing busybox applets");
        }
    }

    /** gzip at the fastest level: the kernel decompresses it once, size hardly matters. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
