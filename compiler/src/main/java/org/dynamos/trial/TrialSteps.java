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
        List<GuestStep> steps = new ArrayList<>();
        steps.add(load(updates));
        steps.add(whenLoaded("before", commands));
        steps.add(setEnabled("enable", updates, true));
        steps.add(whenLoaded("enabled", commands));
        steps.add(setEnabled("disable", updates, false));
        steps.add(whenLoaded("disabled", commands));
        steps.add(unload(updates));
        return steps;
    }
}
