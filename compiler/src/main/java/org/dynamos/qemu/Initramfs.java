package org.dynamos.qemu;

import java.nio.file.Path;

/**
 * A built initial RAM file system: a gzip-compressed newc cpio archive on disk, and the script
 * its {@code /init} runs (needed to read the guest's answers).
 *
 * @param image  the {@code .cpio.gz} file, passed to QEMU's {@code -initrd}
 * @param script the steps and markers of its {@code /init}
 */
public record Initramfs(Path image, GuestScript script) {}
