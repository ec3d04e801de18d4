package org.dynamos.build;

/** The build environment is broken (not the user's script): the runtime core does not build or bind. */
public final class BuildException extends Exception {
    private static final long serialVersionUID = 1L;

    public BuildException(String message) {
        super(message);
    }
}
