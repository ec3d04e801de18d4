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

    /** One version of a function and the calls dispatched to it. */
    public record VersionState(String name, String calls) {
    }

    /**
     * One function of an update as the runtime reports it: the calls that ran
     * one of the update's versions, the administrator's override ({@code auto}:
     * none) and each version's count; for a function of a loadable module, the module and
     * whether it is loaded ({@code binfmt_misc loaded}, {@code binfmt_misc not loaded}), else
     * {@code vmlinux}.
     */
    public record FunctionState(String name, String calls, String override, List<VersionState> versions,
                                String module) {
        public FunctionState(String name, String calls) {
            this(name, calls, "auto", List.of(), "vmlinux");
        }

        /** Whether the function belongs to a loadable module rather than the kernel image. */
        public boolean inModule() {
            return !module.equals("vmlinux");
        }
    }

    /**
     * A function monitored by an update: the calls that returned while the update was enabled,
     * the nanoseconds they spent (entry to return), and the calls not timed (more in flight than
     * the runtime's probe instances). Values are as read: {@code ?} or {@code (root only)} when
     * unreadable.
     */
    public record MonitorState(String name, String calls, String totalNs, String missed) {

        /** The mean time per call in nanoseconds, when both counts are numbers and calls is not 0. */
        public java.util.OptionalDouble meanNs() {
            try {
                double c = Double.parseDouble(Long.toUnsignedString(Long.parseUnsignedLong(calls)));
                double t = Double.parseDouble(Long.toUnsignedString(Long.parseUnsignedLong(totalNs)));
                return c == 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(t / c);
            } catch (NumberFormatException e) {
                return java.util.OptionalDouble.empty();
            }
        }
    }

    /** A knob of an update and its value. */
    public record KnobState(String name, String value) {
    }

    /** One loaded update. */
    public record UpdateState(String name, boolean enabled, boolean inTransition, List<FunctionState> functions,
                              List<KnobState> knobs, List<MonitorState> monitors, String safepoint) {

        public UpdateState(String name, boolean enabled, boolean inTransition, List<FunctionState> functions,
                           List<KnobState> knobs, List<MonitorState> monitors) {
            this(name, enabled, inTransition, functions, knobs, monitors, "immediate");
        }

        public UpdateState(String name, boolean enabled, boolean inTransition, List<FunctionState> functions,
                           List<KnobState> knobs) {
            this(name, enabled, inTransition, functions, knobs, List.of());
        }
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
        functions(dir, "", functions);
        String safepoint = readOr(dir.resolve("safepoint"), "immediate");
        Path pdir = dir.resolve("phases");
        if (Files.isDirectory(pdir)) {
            // A multi-phase update: how far it is, each phase's safe point and functions.
            StringBuilder sp = new StringBuilder("phase " + readOr(dir.resolve("phase"), "?"));
            try (Stream<Path> ps = Files.list(pdir)) {
                for (Path p : (Iterable<Path>) ps.sorted()::iterator) {
                    String name = p.getFileName().toString();
                    sp.append("; ").append(name).append(": ").append(readOr(p.resolve("safepoint"), "immediate"));
                    functions(p, name + "/", functions);
                }
            }
            safepoint = sp.toString();
        }
        return new UpdateState(dir.getFileName().toString(), "1".equals(readOr(dir.resolve("enabled"), "0")),
                "1".equals(readOr(dir.resolve("transition"), "0")), functions, knobs(dir), monitors(dir),
                safepoint);
    }

    /** The functions under {@code dir/functions}, named {@code prefix + name}. */
    private static void functions(Path dir, String prefix, List<FunctionState> out) throws IOException {
        Path fdir = dir.resolve("functions");
        if (Files.isDirectory(fdir)) {
            try (Stream<Path> fs = Files.list(fdir)) {
                for (Path f : (Iterable<Path>) fs.sorted()::iterator) {
                    out.add(new FunctionState(prefix + f.getFileName().toString(), readOr(f.resolve("calls"), "?"),
                            readOr(f.resolve("override"), "auto"), versions(f), readOr(f.resolve("module"), "vmlinux")));
                }
            }
        }
    }

    private static List<MonitorState> monitors(Path update) throws IOException {
        List<MonitorState> out = new ArrayList<>();
        Path dir = update.resolve("monitors");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> ms = Files.list(dir)) {
                for (Path m : (Iterable<Path>) ms.sorted()::iterator) {
                    out.add(new MonitorState(m.getFileName().toString(), readOr(m.resolve("calls"), "?"),
                            readOr(m.resolve("total_ns"), "?"), readOr(m.resolve("missed"), "?")));
                }
            }
        }
        return out;
    }

    private static List<VersionState> versions(Path function) throws IOException {
        List<VersionState> out = new ArrayList<>();
        for (String line : readOr(function.resolve("versions"), "").lines().toList()) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2) {
                out.add(new VersionState(parts[0], parts[1]));
            }
        }
        return out;
    }

    private static List<KnobState> knobs(Path update) throws IOException {
        List<KnobState> out = new ArrayList<>();
        Path dir = update.resolve("knobs");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> ks = Files.list(dir)) {
                for (Path k : (Iterable<Path>) ks.sorted()::iterator) {
                    out.add(new KnobState(k.getFileName().toString(), readOr(k, "?")));
                }
            }
        }
        return out;
    }

    /** The knobs of a loaded update. */
    public List<KnobState> knobs(String update) throws ControlException {
        Path dir = updateDir(update);
        try {
            return knobs(dir);
        } catch (IOException e) {
            throw new ControlException("cannot read the knobs of '" + update + "': " + e.getMessage());
        }
    }

    /** The value of one knob. */
    public String knob(String update, String knob) throws ControlException {
        Path dir = updateDir(update);
        Path file = dir.resolve("knobs").resolve(knob);
        if (knob.contains("/") || !Files.isRegularFile(file)) {
            throw noSuchKnob(dir, update, knob);
        }
        try {
            return readOr(file, "?");
        } catch (IOException e) {
            throw new ControlException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static ControlException noSuchKnob(Path dir, String update, String knob) {
        List<String> names = new ArrayList<>();
        try {
            knobs(dir).forEach(k -> names.add(k.name()));
        } catch (IOException e) {
            // listed as none
        }
        return new ControlException("update '" + update + "' has no knob '" + knob + "'"
                + (names.isEmpty() ? " (it has no knobs)" : "; its knobs: " + String.join(", ", names)));
    }

    /**
     * Sets a knob. The kernel parses the value by the knob's type and refuses
     * one outside its range; both refusals are explained.
     */
    public void setKnob(String update, String knob, String value) throws ControlException {
        Path dir = updateDir(update);
        Path file = dir.resolve("knobs").resolve(knob);
        if (knob.contains("/") || !Files.isRegularFile(file)) {
            throw noSuchKnob(dir, update, knob);
        }
        try {
            Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
        } catch (AccessDeniedException e) {
            throw new ControlException("permission denied writing " + file + ": run as root");
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("out of range")) {
                throw new ControlException(value + " is outside the range of knob '" + knob + "' of '" + update + "'");
            }
            if (why.contains("Invalid argument")) {
                throw new ControlException("'" + value + "' is not a value of the type of knob '" + knob + "' of '"
                        + update + "'");
            }
            throw new ControlException("the kernel refused " + knob + " = " + value + " (" + why + ")");
        }
    }

    /**
     * Forces the version every call of {@code function} runs in {@code update}
     * ({@code original}: what ran before the update), or {@code auto} to let
     * each call choose again.
     */
    public void setOverride(String update, String function, String version) throws ControlException {
        Path dir = updateDir(update);
        Path fdir = dir.resolve("functions").resolve(function);
        if (function.contains("/") || !Files.isDirectory(fdir)) {
            List<String> names = new ArrayList<>();
            try (Stream<Path> fs = Files.list(dir.resolve("functions"))) {
                fs.sorted().forEach(f -> names.add(f.getFileName().toString()));
            } catch (IOException e) {
                // listed as none
            }
            throw new ControlException("update '" + update + "' does not replace '" + function + "'"
                    + (names.isEmpty() ? "" : "; it replaces: " + String.join(", ", names)));
        }
        if (!version.equals("auto")) {
            List<String> known;
            try {
                known = versions(fdir).stream().map(VersionState::name).toList();
            } catch (IOException e) {
                known = List.of();
            }
            if (!known.isEmpty() && !known.contains(version)) {
                throw new ControlException("'" + function + "' has no version '" + version + "' in '" + update
                        + "'; its versions: " + String.join(", ", known) + " (or auto)");
            }
        }
        Path file = fdir.resolve("override");
        try {
            Files.writeString(file, version + "\n", StandardCharsets.US_ASCII);
        } catch (AccessDeniedException e) {
            throw new ControlException("permission denied writing " + file + ": run as root");
        } catch (NoSuchFileException e) {
            throw new ControlException("this runtime core has no overrides (" + file + " is missing)");
        } catch (IOException e) {
            throw new ControlException("the kernel refused the override (" + e.getMessage()
                    + "); `dmesg | grep dynamos` shows why");
        }
    }

    private Path updateDir(String update) throws ControlException {
        Path dir = root.resolve(update);
        if (update.contains("/") || !Files.isRegularFile(dir.resolve("enabled"))) {
            throw new ControlException(present()
                    ? "no update '" + update + "' is loaded (see `dynamos status`)"
                    : "the runtime core is not loaded (" + root + " does not exist)");
        }
        return dir;
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
            String why = String.valueOf(e.getMessage());
            String hint = !enabled && why.contains("busy")
                    ? "; another update is stacked on it and must be disabled first"
                    : enabled && why.contains("busy")
                    ? "; another ftrace user (a livepatch or a kprobe) owns one of its functions"
                    : why.contains("timed out")
                    ? "; its safe point was not reached, nothing switched: " + safepointStatus(update)
                    : "";
            throw new ControlException("the kernel refused to " + (enabled ? "enable" : "disable") + " '" + update
                    + "' (" + why + ")" + hint + "; `dmesg | grep dynamos` shows why");
        }
    }

    /** What the update's last wait for its safe point did (the first task that blocked it). */
    private String safepointStatus(String update) {
        try {
            return readOr(root.resolve(update).resolve("safepoint"), "?");
        } catch (IOException e) {
            return "?";
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
