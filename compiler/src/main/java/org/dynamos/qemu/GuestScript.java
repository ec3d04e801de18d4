package org.dynamos.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The guest's {@code /init}: mounts proc, sysfs, devtmpfs, tmpfs, tracefs and debugfs, silences
 * the kernel on the console ({@code dmesg -n 1}), copies the kernel log ({@code /dev/kmsg}) to
 * the second serial port, runs the steps in order and powers off.
 *
 * <p>Protocol: on the console (ttyS0), each step's output stands between the lines
 * {@code @@dynamos <nonce> step <name> begin} and {@code @@dynamos <nonce> step <name> end status=<n>};
 * the same markers go into the kernel log, so it can be split per step too. The end marker is
 * always preceded by one newline of its own, so output without a final newline is kept exact.
 * The nonce is random per script and the marker is assembled at run time, so a step that prints
 * the init script cannot forge one.
 *
 * @param steps the steps, in order
 * @param nonce the marker's per-run token (hex)
 */
public record GuestScript(List<GuestStep> steps, String nonce) {
    /** Where step files live in the guest. */
    static final String STEP_DIR = "dynamos/steps";

    public GuestScript {
        steps = List.copyOf(steps);
        Set<String> names = new HashSet<>();
        for (GuestStep s : steps) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two steps are named '" + s.name() + "'");
            }
        }
        if (!nonce.matches("[0-9a-f]{4,32}")) {
            throw new IllegalArgumentException("nonce must be 4-32 hex digits");
        }
    }

    /** A script of {@code steps} with a fresh random nonce. */
    public static GuestScript of(List<GuestStep> steps) {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return new GuestScript(steps, HexFormat.of().formatHex(b));
    }

    /** The marker prefix every protocol line starts with. */
    public String marker() {
        return "@@dynamos " + nonce;
    }

    /** The guest path of a step's file (relative, as in the archive). */
    String stepFile(int index) {
        return String.format("%s/%02d-%s.sh", STEP_DIR, index + 1, steps.get(index).name());
    }

    /** The text of {@code /init}. */
    public String init() {
        StringBuilder calls = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            calls.append("run_step ").append(steps.get(i).name()).append(" /").append(stepFile(i)).append('\n');
        }
        String[] halves = {marker().substring(0, 5), marker().substring(5)};
        return template()
                .replace("@MARKER_HEAD@", halves[0])
                .replace("@MARKER_TAIL@", halves[1])
                .replace("@STEPS@\n", calls.toString());
    }

    /** The text of step {@code index}'s file. */
    String stepText(int index) {
        String s = steps.get(index).script();
        return s.endsWith("\n") ? s : s + "\n";
    }

    private static String template() {
        try (InputStream in = GuestScript.class.getResourceAsStream("init.sh")) {
            if (in == null) {
                throw new IllegalStateException("resource org/dynamos/qemu/init.sh is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
