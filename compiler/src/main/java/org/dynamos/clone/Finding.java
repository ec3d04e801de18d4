package org.dynamos.clone;

/**
 * One refusal, where it was found and what exactly.
 *
 * @param refusal the reason
 * @param address the address of the instruction or entry concerned (0 if none)
 * @param detail  what was found, for a person
 */
public record Finding(Refusal refusal, long address, String detail) {
    @Override
    public String toString() {
        return refusal + (address != 0 ? " at 0x" + Long.toHexString(address) : "") + ": " + detail;
    }
}
