package org.dynamos.diag;

/** How bad a finding is: errors stop the build, warnings do not. */
public enum Severity {
    ERROR, WARNING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
