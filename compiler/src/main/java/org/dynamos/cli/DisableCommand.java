package org.dynamos.cli;

import picocli.CommandLine.Command;

/** {@code dynamos disable UPDATE}. */
@Command(name = "disable", mixinStandardHelpOptions = true,
        description = "Revert a loaded update: its functions run their originals again.")
final class DisableCommand extends ToggleCommand {

    @Override
    boolean enable() {
        return false;
    }
}
