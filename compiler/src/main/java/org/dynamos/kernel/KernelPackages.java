package org.dynamos.kernel;

import java.util.List;

/**
 * The Debian packages making up one kernel of the store.
 *
 * @param abi     the kernel ABI ({@code 6.1.0-57})
 * @param flavour the image flavour ({@code cloud-amd64})
 * @param version the Debian package version of the image ({@code 6.1.192-3}), or empty if unknown
 */
public record KernelPackages(String abi, String flavour, String version) {

    /** The release string, as {@code uname -r} prints it. */
    public String release() {
        return abi + "-" + flavour;
    }

    /** The kernel's {@code major.minor} ({@code 6.1}), which names the kbuild package. */
    public String majorMinor() {
        String[] parts = abi.split("[.-]");
        return parts[0] + "." + parts[1];
    }

    /** The image package without signature (the signed one only wraps it). */
    public String image() {
        return "linux-image-" + release() + "-unsigned";
    }

    /** The debug symbols package, of which only {@code vmlinux} is kept. */
    public String debug() {
        return "linux-image-" + release() + "-dbg";
    }

    /** The flavour headers, the common headers and kbuild: what an out-of-tree build needs. */
    public List<String> buildPackages() {
        return List.of("linux-headers-" + release(), "linux-headers-" + abi + "-common",
                "linux-kbuild-" + majorMinor());
    }

    /** Every package to download, the image first and the debug symbols last. */
    public List<String> all() {
        return List.of(image(), buildPackages().get(0), buildPackages().get(1), buildPackages().get(2), debug());
    }
}
