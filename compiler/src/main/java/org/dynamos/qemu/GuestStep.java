package org.dynamos.qemu;

import java.util.regex.Pattern;

/**
 * One step run by the guest's /init: a shell snippet (busybox {@code sh}), run in
 * {@code /lib/dynamos} with stdin from /dev/null and stderr merged into stdout. Its status is
 * the snippet's exit status.
 *
 * @param name          a short identifier, unique within a script ({@code [A-Za-z0-9][A-Za-z0-9_.:-]*})
 * @param script        the shell text
 * @param expectFailure whether the caller expects a non-zero status (reported, not enforced)
 */
public record GuestStep(String name, String script, boolean expectFailure) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    public GuestStep {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("step name '" + name + "' must match " + NAME.pattern());
        }
    }

    /** A step expected to succeed. */
    public static GuestStep of(String name, String script) {
        return new GuestStep(name, script, false);
    }

    /** A step expected to fail. */
    public static GuestStep failing(String name, String script) {
        return new GuestStep(name, script, true);
    }
}
