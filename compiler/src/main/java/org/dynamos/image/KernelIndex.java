package org.dynamos.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The per-kernel index: what {@code dynamos check} needs of a 590 MB vmlinux, in a file of about
 * 15 MB built once per kernel ({@code dynamos kernel fetch} does it) and opened by
 * {@link #open(Path)} instead of the vmlinux whenever it is current.
 *
 * <p>The index is itself an ELF file: the vmlinux's section headers (so symbol section indexes stay
 * valid; contents left out are marked {@link ElfSection#SHT_DYNAMOS_OMITTED}), its symbol and
 * string tables, build-id note and BTF, the fentry sites ({@code __mcount_loc}) and kprobe
 * blacklist ({@code _kprobe_blacklist}) as sections of their own, and the answers of the DWARF
 * and relocation questions for every function ({@code .dynamos.*}: compile-unit ranges, source
 * functions with their copies and inlinings, referrers, kernel-thread creators). It lives beside
 * the extraction root of a kernel in the store: {@code <cache>/kernels/<release>/index-v4.bin}.
 */
public final class KernelIndex {
    /**
     * The format version, raised whenever what the index records changes (3: thread functions are
     * the address taken last before a thread creation call; 4: source functions the compiler only
     * inlined, with the functions they were inlined into; 5: the functions referring to each static
     * data object, which tell whose static local it is); an index of another version is not
     * used, and is rebuilt.
     */
    public static final int VERSION = 5;
    /**
     * The index's file name, beside the kernel's extraction root. It carries the format version,
     * so command lines of different versions sharing one kernel cache each keep their own index
     * instead of rebuilding each other's.
     */
    public static final String FILE_NAME = "index-v" + VERSION + ".bin";

    private KernelIndex() {
    }

    /**
     * Builds the index of {@code vmlinux} into {@code index} (written to a temporary file, then
     * renamed: readers never see a partial index).
     */
    public static void build(Path vmlinux, Path index) throws IOException {
        try (ElfKernelImage image = ElfKernelImage.open(vmlinux)) {
            if (image.isIndex()) {
                throw new ElfFormatException(vmlinux + " is an index, not a vmlinux");
            }
            IndexWriter.write(image, vmlinux, index);
        }
    }

    /** @return the index beside the extraction root holding {@code vmlinux}, if that file exists */
    public static Optional<Path> locate(Path vmlinux) {
        for (Path p = vmlinux.toAbsolutePath().getParent(); p != null && p.getParent() != null; p = p.getParent()) {
            if (p.getFileName().toString().equals("root")) {
                Path index = p.resolveSibling(FILE_NAME);
                return Files.isRegularFile(index) ? Optional.of(index) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** @return whether {@code index} is an index of this format built from {@code vmlinux} as it is now */
    public static boolean isCurrent(Path index, Path vmlinux) {
        if (!Files.isRegularFile(index)) {
            return false;
        }
        try (ElfKernelImage image = ElfKernelImage.open(index)) {
            return image.indexes(vmlinux);
        } catch (IOException | RuntimeException e) {
            return false; // unreadable or foreign: rebuild
        }
    }

    /**
     * Opens the image to check {@code vmlinux} against: its index when a current one is beside it,
     * else the vmlinux itself.
     */
    public static ElfKernelImage open(Path vmlinux) throws IOException {
        Optional<Path> index = locate(vmlinux);
        if (index.isPresent()) {
            ElfKernelImage image = null;
            try {
                image = ElfKernelImage.open(index.get());
                if (image.indexes(vmlinux)) {
                    return image;
                }
            } catch (IOException | RuntimeException e) {
                // a damaged index: fall back to the vmlinux
            }
            if (image != null) {
                image.close();
            }
        }
        return ElfKernelImage.open(vmlinux);
    }
}
