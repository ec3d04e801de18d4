package org.dynamos.cli;

import picocli.CommandLine.Command;

/** {@code dynamos enable UPDATE}. */
@Command(name = "enable", mixinStandardHelpOptions = true,
        description = "Activate a loaded update: redirect its functions to their new versions.")
final class EnableCommand extends ToggleCommand {

    @Override
    boolean enable() {
        return true;
    }
}
