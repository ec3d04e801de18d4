package org.dynamos.clone;

/**
 * How to clone.
 *
 * @param trackExits   rewrite exits to jump to {@code exitSymbol} (else leave them as they are)
 * @param exitSymbol   the module's exit handler label, used when {@code trackExits}
 * @param nopFentry    replace the fentry call by a 5-byte NOP (a clone must not be traced)
 * @param placement    where the clone will run, which decides what must be widened and how reach is checked
 * @param text         keep each instruction's text (for the assembly listing)
 */
public record CloneOptions(boolean trackExits, String exitSymbol, boolean nopFentry, Placement placement,
                           boolean text) {
    /** Where the clone's code will be. */
    public enum Placement {
        /** At the original's own addresses: the round trip, which must reproduce the original bytes. */
        ORIGINAL,
        /** Somewhere in the module area, not known at compile time. */
        MODULE
    }

    /** Relocated to its own address, exits untouched: the round trip. */
    public static CloneOptions roundTrip() {
        return new CloneOptions(false, null, false, Placement.ORIGINAL, false);
    }

    /** A clone for an update module, its exits jumping to {@code exitSymbol}. */
    public static CloneOptions forModule(String exitSymbol) {
        return new CloneOptions(true, exitSymbol, true, Placement.MODULE, false);
    }

    /** @return the same options, keeping instruction text */
    public CloneOptions textual() {
        return new CloneOptions(trackExits, exitSymbol, nopFentry, placement, true);
    }
}
