package org.dynamos.patch;

import java.util.HashSet;
import java.util.Set;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.dwarf.CompileUnits;
import org.dynamos.image.dwarf.DwarfFormatException;

/** The units a kernel image was built from: the paths of its DWARF compile units. */
public final class ImageUnits {

    private ImageUnits() {
    }

    /**
     * Whether the image at {@code vmlinux} was built from a unit: its units are read on the first
     * question only (a patch of no local header asks none).
     *
     * @throws java.io.UncheckedIOException from the question, if the image cannot be read
     */
    public static java.util.function.Predicate<String> whenAsked(java.nio.file.Path vmlinux) {
        java.util.concurrent.atomic.AtomicReference<Set<String>> units = new java.util.concurrent.atomic.AtomicReference<>();
        return unit -> {
            if (units.get() == null) {
                try (ElfKernelImage image = ElfKernelImage.open(vmlinux)) {
                    units.set(of(image));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return units.get().contains(unit);
        };
    }

    /** The compile units of {@code vmlinux} (a vmlinux with DWARF; empty without). */
    public static Set<String> of(ElfKernelImage vmlinux) throws DwarfFormatException {
        Set<String> out = new HashSet<>();
        if (vmlinux.debugInfo().isEmpty()) {
            return out;
        }
        CompileUnits units = vmlinux.debugInfo().get().units();
        for (int i = 0; i < units.count(); i++) {
            out.add(units.path(i));
        }
        return out;
    }
}
