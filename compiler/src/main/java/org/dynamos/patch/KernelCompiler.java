package org.dynamos.patch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dynamos.kernel.CompilerCheck;

/**
 * The compiler the kernel was built with ({@code CONFIG_CC_VERSION_TEXT} of its headers'
 * {@code .config}) and the one this machine builds its units with: code built from the exact
 * source equals the image's only when they are the same (a Debian 13 host's gcc-12 is a later
 * 12.x than the Debian 12 kernel's).
 *
 * @param kernel the kernel's compiler, as its configuration records it
 * @param host   the first line of {@code --version} of the compiler its headers call by name
 */
public record KernelCompiler(String kernel, String host) {
    private static final Pattern TEXT = Pattern.compile("(?m)^CONFIG_CC_VERSION_TEXT=\"(.*)\"$");

    /** Reads both; a side that cannot be read is empty. */
    public static KernelCompiler of(Path kdir) {
        String kernel = "";
        try {
            Matcher m = TEXT.matcher(Files.readString(kdir.resolve(".config"), StandardCharsets.UTF_8));
            kernel = m.find() ? m.group(1) : "";
        } catch (IOException e) {
            // no .config: unknown
        }
        return new KernelCompiler(kernel, hostVersion(kdir).orElse(""));
    }

    private static Optional<String> hostVersion(Path kdir) {
        try {
            Process p = new ProcessBuilder(CompilerCheck.compilerOf(kdir), "--version").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
                    .orElse("");
            return p.waitFor() == 0 ? Optional.of(first.strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Whether both are known and the same. */
    public boolean same() {
        return !kernel.isEmpty() && kernel.equals(host);
    }
}
