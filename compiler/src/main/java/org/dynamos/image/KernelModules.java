package org.dynamos.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The loadable modules of a kernel: the {@code .ko} files (or {@code .ko.xz}, {@code .ko.zst},
 * {@code .ko.gz}, decompressed when opened) under its {@code lib/modules/<release>/}
 * (the kernel store extracts them beside the vmlinux), found by module name ({@code binfmt_misc};
 * a file {@code binfmt-misc.ko} is module {@code binfmt_misc}, as the kernel normalises names).
 * Nothing is read until a script names a module: the directory is listed on first use and each
 * module opened when first asked for, then kept open until {@link #close()}.
 */
public final class KernelModules implements AutoCloseable {
    /** No modules known (a kernel given without its module tree). */
    public static final KernelModules NONE = new KernelModules(null);

    private final Path directory;
    private SortedMap<String, Path> files;
    private final Map<String, ModuleImage> opened = new HashMap<>();

    private KernelModules(Path directory) {
        this.directory = directory;
    }

    /** The modules found under {@code directory} (a {@code lib/modules/<release>} tree, or any directory of {@code .ko}s). */
    public static KernelModules in(Path directory) {
        return new KernelModules(directory);
    }

    /**
     * The module tree of the kernel whose image (a vmlinux in the kernel store, or its index) is at
     * {@code image}: the {@code lib/modules/<release>} of the store's extraction root, found by
     * walking up from the file; {@link #NONE} when there is none. With the release known, only a
     * tree of exactly that release is taken; without, a {@code lib/modules} holding a single one.
     */
    public static KernelModules of(Path image, Optional<String> release) {
        for (Path p = image.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            for (Path lib : new Path[] {p.resolve("lib/modules"), p.resolve("root/lib/modules")}) {
                if (!Files.isDirectory(lib)) {
                    continue;
                }
                if (release.isPresent()) {
                    // only the tree of this very release (the host's /lib/modules may be another's)
                    if (Files.isDirectory(lib.resolve(release.get()))) {
                        return in(lib.resolve(release.get()));
                    }
                    continue;
                }
                try (Stream<Path> dirs = Files.list(lib)) {
                    java.util.List<Path> all = dirs.filter(Files::isDirectory).toList();
                    if (all.size() == 1) {
                        return in(all.get(0));
                    }
                } catch (IOException e) {
                    return NONE;
                }
            }
        }
        return NONE;
    }

    /** The module tree beside {@code image} when it is read from a file (a vmlinux or its index), else {@link #NONE}. */
    public static KernelModules of(KernelImage image) {
        if (image instanceof ElfKernelImage e) {
            return of(Path.of(e.elf().label()), e.release());
        }
        return NONE;
    }

    /** @return where the modules are looked for, if anywhere */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** @return the name of every module, sorted */
    public synchronized SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(files().keySet()));
    }

    /** @return the {@code .ko} of module {@code name}, if the kernel has it */
    public synchronized Optional<Path> path(String name) {
        return Optional.ofNullable(files().get(normalise(name)));
    }

    /**
     * @param kernel the kernel image, whose BTF the module's split BTF builds on
     * @return module {@code name} opened, if the kernel has it
     * @throws IOException if its file cannot be read as a module
     */
    public synchronized Optional<ModuleImage> open(String name, KernelImage kernel) throws IOException {
        String n = normalise(name);
        ModuleImage m = opened.get(n);
        if (m != null) {
            return Optional.of(m);
        }
        Optional<Path> ko = path(n);
        if (ko.isEmpty()) {
            return Optional.empty();
        }
        m = ModuleImage.open(n, uncompressed(ko.get()), () -> baseBtf(kernel));
        opened.put(n, m);
        return Optional.of(m);
    }

    /** Suffixes of compressed modules, with the tool that decompresses each to stdout. */
    private static final Map<String, String> COMPRESSED = Map.of(".ko.xz", "xz", ".ko.zst", "zstd", ".ko.gz", "gzip");

    /**
     * {@code ko} itself, or for a compressed module ({@code .ko.xz}, as newer kernel packages ship
     * them) a decompressed copy in a temporary file, removed when the JVM exits.
     */
    public static Path uncompressed(Path ko) throws IOException {
        String f = ko.getFileName().toString();
        for (Map.Entry<String, String> c : COMPRESSED.entrySet()) {
            if (!f.endsWith(c.getKey())) {
                continue;
            }
            Path out = Files.createTempFile("dynamos-" + f.substring(0, f.length() - c.getKey().length()) + "-", ".ko");
            out.toFile().deleteOnExit();
            try {
                Process p = new ProcessBuilder(c.getValue(), "-dc", ko.toString())
                        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor() != 0) {
                    throw new IOException(c.getValue() + " -dc " + ko + " failed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted decompressing " + ko, e);
            } catch (IOException e) {
                throw new IOException(ko + " is compressed and " + c.getValue() + " cannot decompress it: "
                        + e.getMessage(), e);
            }
            return out;
        }
        return ko;
    }

    private static Optional<ByteBuffer> baseBtf(KernelImage kernel) {
        if (kernel instanceof ElfKernelImage e) {
            try {
                Optional<ElfSection> s = e.elf().sectionWithContents(".BTF");
                return s.isEmpty() ? Optional.empty() : Optional.of(e.elf().contents(s.get()));
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
        return Optional.empty();
    }

    /** Module names as the kernel keeps them: {@code -} becomes {@code _}. */
    public static String normalise(String name) {
        return name.replace('-', '_');
    }

    private SortedMap<String, Path> files() {
        if (files == null) {
            files = new TreeMap<>();
            if (directory != null && Files.isDirectory(directory)) {
                try (Stream<Path> all = Files.walk(directory)) {
                    all.filter(Files::isRegularFile).forEach(p -> {
                        String f = p.getFileName().toString();
                        int end = f.lastIndexOf(".ko");
                        if (end > 0 && (f.endsWith(".ko") || COMPRESSED.keySet().stream().anyMatch(f::endsWith))) {
                            files.putIfAbsent(normalise(f.substring(0, end)), p);
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    @Override
    public synchronized void close() {
        opened.values().forEach(ModuleImage::close);
        opened.clear();
    }
}
