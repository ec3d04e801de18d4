package org.dynamos.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The paper's control tool, over the runtime core's sysfs tree
 * ({@code /sys/kernel/dynamos/<update>/…}) of the running system.
 */
public final class SysfsControl {
    public static final Path DEFAULT_ROOT = Path.of("/sys/kernel/dynamos");

    /** One function of an update as the runtime reports it. */
    public record FunctionState(String name, String calls) {
    }

    /** One loaded update. */
    public record UpdateState(String name, boolean enabled, boolean inTransition, List<FunctionState> functions) {
    }

    private final Path root;

    public SysfsControl(Path root) {
        this.root = root;
    }

    /** Whether the runtime core is loaded. */
    public boolean present() {
        return Files.isDirectory(root);
    }

    public List<UpdateState> updates() throws IOException {
        List<UpdateState> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs.sorted()::iterator) {
                if (Files.isRegularFile(dir.resolve("enabled"))) {
                    out.add(update(dir));
                }
            }
        }
        return out;
    }

    private UpdateState update(Path dir) throws IOException {
        List<FunctionState> functions = new ArrayList<>();
        Path fdir = dir.resolve("functions");
        if (Files.isDirectory(fdir)) {
            try (Stream<Path> fs = Files.list(fdir)) {
                for (Path f : (Iterable<Path>) fs.sorted()::iterator) {
                    functions.add(new FunctionState(f.getFileName().toString(), readOr(f.resolve("calls"), "?")));
                }
            }
        }
        return new UpdateState(dir.getFileName().toString(), "1".equals(readOr(dir.resolve("enabled"), "0")),
                "1".equals(readOr(dir.resolve("transition"), "0")), functions);
    }

    /**
     * Writes 1 or 0 to an update's {@code enabled}. The kernel answers a refused
     * write with an errno; its log says why.
     */
    public void setEnabled(String update, boolean enabled) throws ControlException {
        Path file = root.resolve(update).resolve("enabled");
        if (!Files.exists(file)) {
            throw new ControlException(present()
                    ? "no update '" + update + "' is loaded (see `dynamos status`)"
                    : "the runtime core is not loaded (" + root + " does not exist)");
        }
        try {
            Files.writeString(file, enabled ? "1\n" : "0\n", StandardCharsets.US_ASCII);
        } catch (AccessDeniedException e) {
            throw new ControlException("permission denied writing " + file + ": run as root");
        } catch (IOException e) {
            throw new ControlException("the kernel refused to " + (enabled ? "enable" : "disable") + " '" + update
                    + "' (" + e.getMessage() + "); `dmesg | grep dynamos` shows why");
        }
    }

    private static String readOr(Path file, String fallback) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return fallback;
        } catch (AccessDeniedException e) {
            return "(root only)";
        }
    }
}
