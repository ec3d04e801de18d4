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
