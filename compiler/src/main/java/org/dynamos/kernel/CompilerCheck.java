package org.dynamos.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that the compiler Debian's kernel headers call by name is installed. The headers set
 * {@code CC = ... gcc-12} in {@code .kernelvariables}: a Debian 13 host's default compiler is
 * gcc-14, and modules must be built with the compiler the kernel was built with.
 */
public final class CompilerCheck {
    /** The compiler of Debian 12 (bookworm) kernels, checked before anything is downloaded. */
    public static final String BOOKWORM_COMPILER = "gcc-12";

    private static final Pattern CC = Pattern.compile("(?m)^\\s*CC\\s*:?=.*?\\b(gcc-\\d+)\\b");

    private CompilerCheck() {}

    /** The compiler named by {@code kdir/.kernelvariables}, or {@code gcc-12} when it names none. */
    public static String compilerOf(Path kdir) throws IOException {
        Path vars = kdir.resolve(".kernelvariables");
        if (Files.isRegularFile(vars)) {
            Matcher m = CC.matcher(Files.readString(vars));
            if (m.find()) {
                return m.group(1);
            }
        }
        return BOOKWORM_COMPILER;
    }

    /** Fails with an installation hint when {@code compiler} is not on PATH. */
    public static void require(String compiler) throws KernelStoreException {
        if (Commands.which(compiler).isEmpty()) {
            throw new KernelStoreException(compiler + " not found on PATH: the default kernel (Debian 12) builds its"
                    + " modules with " + compiler + " (named in its headers' .kernelvariables).\n"
                    + "help: install it with `apt-get install " + compiler + "`");
        }
    }

    /** Fails when the compiler named by an install's headers is missing. */
    public static void requireFor(KernelInstall install) throws KernelStoreException {
        try {
            require(compilerOf(install.kdir()));
        } catch (IOException e) {
            throw new KernelStoreException("cannot read " + install.kdir().resolve(".kernelvariables") + ": " + e.getMessage());
        }
    }
}
