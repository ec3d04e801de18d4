package org.dynamos.kernel;

import java.nio.file.Path;

/**
 * A complete, extracted kernel in the store.
 *
 * @param release the kernel release string, as {@code uname -r} prints it ({@code 6.1.0-57-cloud-amd64})
 * @param root    the extraction root (the packages' file systems, {@code dpkg -x} style)
 * @param vmlinux the debug ELF image with symbols, DWARF, BTF and {@code .rela.text}
 * @param vmlinuz the bootable compressed image
 * @param kdir    the kbuild directory for out-of-tree modules ({@code make -C kdir M=...})
 */
public record KernelInstall(String release, Path root, Path vmlinux, Path vmlinuz, Path kdir) {

    /** @return where the kernel's index for fast checks lives ({@link org.dynamos.image.KernelIndex}) */
    public Path index() {
        return root.resolveSibling(org.dynamos.image.KernelIndex.FILE_NAME);
    }
}
