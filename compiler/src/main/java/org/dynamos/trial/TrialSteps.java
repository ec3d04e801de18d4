package org.dynamos.trial;

import java.util.ArrayList;
import java.util.List;
import org.dynamos.qemu.GuestStep;

/**
 * The guest steps of {@code dynamos try}: load the runtime core and the
 * updates, run the user's commands before enabling, after enabling and after
 * disabling, then unload everything once the revert has drained.
 */
public final class TrialSteps {
    /** Names of the steps that run the user's commands, in order. */
    public static final List<String> COMMAND_STEPS = List.of("before", "enabled", "disabled");
    /** Guest directory the modules are placed in (see InitramfsBuilder.MODULE_DIR). */
    static final String MODULES = "/lib/dynamos";
    /** How long the unload step waits for a revert to drain. */
    static final int DRAIN_SECONDS = 30;

    private TrialSteps() {
    }

    /** Exit status of a step skipped because the modules never loaded. */
    public static final int SKIPPED = 125;
    /** Created by the load step once every module is in. */
    static final String LOADED = "/run/dynamos-loaded";
    /** Prefix of every later step: nothing to do when loading failed. */
    static final String IF_LOADED = "[ -e " + LOADED + " ] || { echo 'skipped: the modules did not load'; exit "
            + SKIPPED + "; }\n";

    /** Loads dynamos.ko, then each update module. */
    public static GuestStep load(List<String> updates) {
        StringBuilder s = new StringBuilder("set -e\ninsmod " + MODULES + "/dynamos.ko\n");
        for (String u : updates) {
            s.append("insmod ").append(MODULES).append('/').append(u).append(".ko\n");
        }
        s.append("mkdir -p /run && touch ").append(LOADED).append('\n');
        return GuestStep.of("load", s.toString());
    }

    /** A step that runs only when the modules loaded. */
    public static GuestStep whenLoaded(String name, String script) {
        return GuestStep.of(name, IF_LOADED + script);
    }

    /** Writes {@code value} to every update's {@code enabled}. */
    public static GuestStep setEnabled(String name, List<String> updates, boolean value) {
        StringBuilder s = new StringBuilder("set -e\n");
        for (String u : updates) {
            s.append("echo ").append(value ? 1 : 0).append(" > /sys/kernel/dynamos/").append(u).append("/enabled\n");
        }
        return whenLoaded(name, s.toString());
    }

    /** Waits for each update's revert to drain, then unloads the updates (last first) and the core. */
    public static GuestStep unload(List<String> updates) {
        StringBuilder s = new StringBuilder();
        for (String u : updates) {
            s.append("wait_drained ").append(u).append('\n');
        }
        for (int i = updates.size() - 1; i >= 0; i--) {
            s.append("rmmod ").append(updates.get(i)).append('\n');
        }
        s.append("rmmod dynamos\n");
        return whenLoaded("unload", WAIT_DRAINED + s);
    }

    /** A shell function: wait until an update's transition reads 0. */
    static final String WAIT_DRAINED = "wait_drained() {\n"
            + "    i=0\n"
            + "    while [ \"$(cat /sys/kernel/dynamos/$1/transition)\" != 0 ]; do\n"
            + "        i=$((i + 1)); [ $i -le " + DRAIN_SECONDS * 10 + " ] || { echo \"$1: revert did not drain\"; return 1; }\n"
            + "        sleep 0.1\n"
            + "    done\n"
            + "}\n"
            + "set -e\n";

    /** The whole standard trial. */
    public static List<GuestStep> standard(List<String> updates, String commands) {
        return plan(updates, commands, null, false);
    }

    /**
     * The trial of {@code dynamos try}: as {@link #standard}, with optional setup commands started
     * in the background after loading (and stopped before unloading, their output shown), and
     * optionally an enable that must fail (a safe point that cannot be reached): it must leave the
     * update disabled, and the commands after it then see what ran before.
     *
     * @param setup                shell commands to start in the background, or null
     * @param expectEnableFailure  whether enabling must fail
     */
    public static List<GuestStep> plan(List<String> updates, String commands, String setup,
                                       boolean expectEnableFailure) {
        List<GuestStep> steps = new ArrayList<>();
        steps.add(load(updates));
        if (setup != null) {
            steps.add(startSetup(setup));
        }
        steps.add(whenLoaded("before", commands));
        steps.add(expectEnableFailure ? failingEnable(updates) : setEnabled("enable", updates, true));
        steps.add(whenLoaded("enabled", commands));
        steps.add(setEnabled("disable", updates, false));
        steps.add(whenLoaded("disabled", commands));
        if (setup != null) {
            steps.add(stopSetup());
        }
        steps.add(unload(updates));
        return steps;
    }

    /** Loads the modules, starts the setup commands if any, then gives the console an interactive shell. */
    public static List<GuestStep> shell(List<String> updates, String setup, String banner) {
        List<GuestStep> steps = new ArrayList<>();
        steps.add(load(updates));
        if (setup != null) {
            steps.add(startSetup(setup));
        }
        steps.add(GuestStep.of("shell", "dmesg -n 7\ncat <<'" + HEREDOC_END + "'\n" + banner
                + (banner.endsWith("\n") ? "" : "\n") + HEREDOC_END + "\n"
                + "setsid cttyhack sh -i\n"));
        return steps;
    }

    /** Where the setup commands' script, pid and output live in the guest. */
    static final String SETUP = "/run/dynamos-setup";
    private static final String HEREDOC_END = "DYNAMOS_TRY_END_OF_TEXT";

    /**
     * Starts the setup commands in their own session (so that stopping them stops what they
     * started), their output into a file, and gives them a second to get going (a reader to block,
     * a load to build up).
     */
    static GuestStep startSetup(String setup) {
        return whenLoaded("setup", "cat > " + SETUP + ".sh <<'" + HEREDOC_END + "'\n" + setup
                + (setup.endsWith("\n") ? "" : "\n") + HEREDOC_END + "\n"
                + "setsid sh " + SETUP + ".sh > " + SETUP + ".log 2>&1 < /dev/null &\n"
                + "echo $! > " + SETUP + ".pid\n"
                + "sleep 1\n"
                + "if kill -0 $(cat " + SETUP + ".pid) 2>/dev/null; then\n"
                + "    echo \"setup commands running in the background (pid $(cat " + SETUP + ".pid))\"\n"
                + "else\n"
                + "    echo 'setup commands finished already'\n"
                + "fi\n");
    }

    /** Stops the setup commands and everything they started, and prints their output. */
    static GuestStep stopSetup() {
        return whenLoaded("setup-output", "kill -TERM -- -$(cat " + SETUP + ".pid) 2>/dev/null\n"
                + "sleep 0.2\n"
                + "kill -KILL -- -$(cat " + SETUP + ".pid) 2>/dev/null\n"
                + "echo \"setup commands stopped; their output:\"\n"
                + "cat " + SETUP + ".log\n"
                + "true\n");
    }

    /**
     * Enables the updates in order, expecting one to fail: the step fails (as expected) when an
     * enable was refused and left that update disabled; it succeeds, against the expectation, when
     * every enable succeeded or a refused one reads enabled anyway.
     */
    static GuestStep failingEnable(List<String> updates) {
        StringBuilder s = new StringBuilder();
        for (String u : updates) {
            String dir = "/sys/kernel/dynamos/" + u;
            s.append("if ! echo 1 > ").append(dir).append("/enabled; then\n")
                    .append("    if [ \"$(cat ").append(dir).append("/enabled)\" != 0 ]; then\n")
                    .append("        echo '").append(u).append(": the enable failed, but enabled reads 1'; exit 0\n")
                    .append("    fi\n")
                    .append("    echo '").append(u).append(": the enable failed as expected; enabled reads 0'\n")
                    .append("    echo \"safe point: $(cat ").append(dir).append("/safepoint)\"\n")
                    .append("    for p in ").append(dir).append("/phases/*/; do [ -d \"$p\" ] && ")
                    .append("echo \"  phase $(basename $p): $(cat $p/safepoint)\"; done\n")
                    .append("    exit 1\n")
                    .append("fi\n")
                    .append("echo '").append(u).append(": enabled'\n");
        }
        s.append("exit 0\n");
        return new GuestStep("enable", IF_LOADED + s, true);
    }
}
