package org.dynamos.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.qemu.GuestResult;
import org.dynamos.qemu.GuestStep;
import org.dynamos.qemu.QemuRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/openwall-fifo and examples/openwall-links, built by the real pipeline, in the default
 * kernel booted in QEMU with the sysctls fs.protected_fifos, fs.protected_symlinks and
 * fs.protected_hardlinks turned off: every case of the kernel's own checks (may_create_in_sticky,
 * may_follow_link, may_linkat), probed as root and as two users, is allowed before enabling; the
 * kernel's own checks (the sysctls on, the updates disabled) refuse some; while enabled, the updates
 * refuse exactly those, with the same errno, but one documented difference (a symlink in the middle of
 * a path); they follow their knobs, and everything is allowed again after disabling.
 */
@Tag("qemu")
class OpenwallQemuTest {
    static final String FIFO = "/sys/kernel/dynamos/openwall_fifo";
    static final String LINKS = "/sys/kernel/dynamos/openwall_links";

    /**
     * Once: the sysctls off, users u (1000) and v (1001, group 1234), and in /tmp (sticky,
     * world-writable, root's) and /tmp/g (sticky, group 1234-writable only) the files the probes use.
     */
    static final String SETUP = """
            set -e
            sysctl -w fs.protected_fifos=0 fs.protected_symlinks=0 fs.protected_hardlinks=0
            printf 'u:x:1000:1000::/:/bin/sh\\nv:x:1001:1234::/:/bin/sh\\n' >> /etc/passwd
            ls -ld /tmp
            mkfifo -m 666 /tmp/fifo; chown 1000:1000 /tmp/fifo
            mkfifo -m 666 /tmp/rootfifo
            mkdir /tmp/g; chgrp 1234 /tmp/g; chmod 1770 /tmp/g
            mkfifo -m 666 /tmp/g/fifo; chown 1000:1000 /tmp/g/fifo
            ln -s /proc/version /tmp/link; chown -h 1000 /tmp/link
            ln -s /proc/version /tmp/rootlink
            ln -s /proc /tmp/dirlink; chown -h 1000 /tmp/dirlink
            mkdir -m 777 /tmp/plain; ln -s /proc/version /tmp/plain/link; chown -h 1000 /tmp/plain/link
            echo secret > /tmp/secret; chmod 600 /tmp/secret
            echo public > /tmp/public; chmod 666 /tmp/public
            echo setuid > /tmp/setuid; chmod 4666 /tmp/setuid
            su u -c 'echo mine > /tmp/mine'
            """;

    /** Each probe prints its name and "ok", or the error text of the refusal. */
    static final String PROBES = """
            p() { n=$1; shift; if e=$("$@" 2>&1 >/dev/null); then echo "$n ok"; else echo "$n ${e##*: }"; fi; }
            rm -f /tmp/h* /tmp/new
            p fifo.root sh -c ': <> /tmp/fifo'
            p fifo.owner su u -c ': <> /tmp/fifo'
            p fifo.other su v -c ': <> /tmp/fifo'
            p fifo.dirowners su v -c ': <> /tmp/rootfifo'
            p fifo.new su v -c ': > /tmp/new'
            p fifo.groupdir su v -c ': <> /tmp/g/fifo'
            p sym.root cat /tmp/link
            p sym.owner su u -c 'cat /tmp/link'
            p sym.other su v -c 'cat /tmp/link'
            p sym.dirowners su v -c 'cat /tmp/rootlink'
            p sym.middle cat /tmp/dirlink/version
            p sym.nonsticky cat /tmp/plain/link
            p sym.nofollow ls -l /tmp/link
            p hard.secret su u -c 'ln /tmp/secret /tmp/h1'
            p hard.public su u -c 'ln /tmp/public /tmp/h2'
            p hard.setuid su u -c 'ln /tmp/setuid /tmp/h3'
            p hard.mine su u -c 'ln /tmp/mine /tmp/h4'
            p hard.root ln /tmp/secret /tmp/h5
            """;

    static final List<String> PROBE_NAMES = List.of("fifo.root", "fifo.owner", "fifo.other", "fifo.dirowners",
            "fifo.new", "fifo.groupdir", "sym.root", "sym.owner", "sym.other", "sym.dirowners", "sym.middle",
            "sym.nonsticky", "sym.nofollow", "hard.secret", "hard.public", "hard.setuid", "hard.mine", "hard.root");

    static final String EACCES = "Permission denied";
    static final String EPERM = "Operation not permitted";

    @TempDir
    static Path work;
    static KernelInstall kernel;
    static List<Path> modules = new ArrayList<>();

    @BeforeAll
    static void build() throws Exception {
        kernel = TrialFixtures.defaultKernel();
        modules.addAll(TrialFixtures.build(kernel, kernel.vmlinux(),
                TrialFixtures.EXAMPLES.resolve("openwall-fifo/openwall-fifo.dyn"), work.resolve("fifo")));
        modules.add(TrialFixtures.build(kernel, kernel.vmlinux(),
                TrialFixtures.EXAMPLES.resolve("openwall-links/openwall-links.dyn"), work.resolve("links")).get(1));
    }

    /** The probes' results by name, every probe present once. */
    static Map<String, String> results(GuestResult r, String step) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : TrialFixtures.output(r, step).strip().lines().toList()) {
            int sp = line.indexOf(' ');
            if (sp > 0 && PROBE_NAMES.contains(line.substring(0, sp))) {
                m.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        assertEquals(PROBE_NAMES, List.copyOf(m.keySet()), step + ": " + m);
        return m;
    }

    /** Every probe allowed but those given, refused with their error text. */
    static Map<String, String> allowedBut(String... refused) {
        Map<String, String> m = new LinkedHashMap<>();
        PROBE_NAMES.forEach(n -> m.put(n, "ok"));
        for (int i = 0; i < refused.length; i += 2) {
            m.put(refused[i], refused[i + 1]);
        }
        return m;
    }

    static GuestStep knobs(String name, int fifos, boolean symlinks, boolean hardlinks) {
        return GuestStep.of(name, "set -e\necho " + fifos + " > " + FIFO + "/knobs/protected_fifos\n"
                + "echo " + symlinks + " > " + LINKS + "/knobs/protected_symlinks\n"
                + "echo " + hardlinks + " > " + LINKS + "/knobs/protected_hardlinks\n");
    }

    @Test
    void theRestrictionsHoldExactlyWhileEnabled() throws Exception {
        List<String> updates = List.of("openwall_fifo", "openwall_links");
        String counters = "cat " + FIFO + "/functions/may_open/versions " + LINKS + "/functions/*/versions\n";
        List<GuestStep> steps = List.of(
                TrialSteps.load(updates),
                GuestStep.of("setup", SETUP),
                GuestStep.of("before", PROBES),
                GuestStep.of("kernel", "sysctl -w fs.protected_fifos=1 fs.protected_symlinks=1 "
                        + "fs.protected_hardlinks=1 >/dev/null\n" + PROBES),
                GuestStep.of("kernel-level2", "sysctl -w fs.protected_fifos=2 >/dev/null\n" + PROBES
                        + "sysctl -w fs.protected_fifos=0 fs.protected_symlinks=0 fs.protected_hardlinks=0\n"),
                TrialSteps.setEnabled("enable", updates, true),
                GuestStep.of("enabled", PROBES + counters),
                knobs("level2", 2, true, true),
                GuestStep.of("enabled-level2", PROBES),
                knobs("knobs-off", 0, false, true),
                GuestStep.of("enabled-knobs-off", PROBES + counters),
                knobs("knobs-on", 1, true, true),
                TrialSteps.setEnabled("disable", updates, false),
                GuestStep.of("disabled", PROBES),
                TrialSteps.unload(updates));
        GuestResult r = UpdateTrial.run(kernel, modules, steps,
                QemuRunner.Options.defaults().withTimeout(Duration.ofMinutes(4)), work, line -> { });

        assertEquals(List.of(), r.kernelProblems(), "the kernel reported problems");
        TrialFixtures.output(r, "setup");
        assertEquals(allowedBut(), results(r, "before"), "the sysctls off: nothing is refused");

        Map<String, String> kernelsOwn = allowedBut(
                "fifo.root", EACCES, "fifo.other", EACCES,
                "sym.root", EACCES, "sym.other", EACCES,
                "hard.secret", EPERM, "hard.setuid", EPERM);
        assertEquals(kernelsOwn, results(r, "kernel"), "the sysctls on, the updates disabled");
        Map<String, String> kernelsOwn2 = new LinkedHashMap<>(kernelsOwn);
        kernelsOwn2.put("fifo.groupdir", EACCES);
        assertEquals(kernelsOwn2, results(r, "kernel-level2"), "fs.protected_fifos=2");

        // the one difference, in the README: the wrapper checks a symlink in the middle of a path too
        Map<String, String> enabled = new LinkedHashMap<>(kernelsOwn);
        enabled.put("sym.middle", EACCES);
        assertEquals(enabled, results(r, "enabled"), "enabled: the kernel's own refusals, and only those");

        Map<String, String> level2 = new LinkedHashMap<>(kernelsOwn2);
        level2.put("sym.middle", EACCES);
        assertEquals(level2, results(r, "enabled-level2"), "protected_fifos 2: group-writable sticky directories too");

        assertEquals(allowedBut("hard.secret", EPERM, "hard.setuid", EPERM), results(r, "enabled-knobs-off"),
                "knobs off: only the hard-link restriction, still on");

        assertEquals(allowedBut(), results(r, "disabled"), "disabled: nothing is refused again");

        String counted = TrialFixtures.output(r, "enabled");
        assertTrue(counted.contains("may_open_fifo_checked ") && !counted.contains("may_open_fifo_checked 0\n")
                && !counted.contains("follow_link_checked 0\n") && !counted.contains("may_linkat_checked 0\n"),
                "the wrappers ran: " + counted);
        TrialFixtures.output(r, "unload");
        assertTrue(r.allAsExpected(), "every step as expected");
    }
}
