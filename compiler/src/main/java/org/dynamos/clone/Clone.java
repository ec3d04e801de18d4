package org.dynamos.clone;

import java.util.List;
import java.util.Map;

/**
 * The outcome of cloning one function: the parts carried, the clone's instructions per part with
 * their final layout, the table entries re-emitted, and every refusal found. A clone with a
 * {@link Refusal.Scope#CLONE} finding must not be used; one with only
 * {@link Refusal.Scope#EXIT_TRACKING} findings runs but does not see every exit.
 *
 * @param function  the function's name
 * @param address   its address
 * @param parts     the parts carried (main first)
 * @param code      the clone's instructions, one list per part (empty when decoding failed)
 * @param layout    where each instruction lands, by original address (part-relative offsets for a
 *                  module placement, absolute addresses for the original placement)
 * @param tables    the kernel table entries of the original that the clone re-emits, by kind
 * @param replacements the alternatives' replacement code, relocated, by original address
 * @param findings  refusals, in the order found
 * @param options   how it was cloned
 */
public record Clone(String function, long address, List<Part> parts, List<List<CloneInstruction>> code,
                    Layout layout, Map<TableKind, List<TableEntry>> tables,
                    Map<Long, List<CloneInstruction>> replacements, List<Finding> findings,
                    CloneOptions options) {
    public Clone {
        parts = List.copyOf(parts);
        code = code.stream().map(List::copyOf).toList();
        tables = Map.copyOf(tables);
        replacements = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(replacements));
        findings = List.copyOf(findings);
    }

    /** @return whether a faithful clone was made */
    public boolean clonable() {
        return findings.stream().noneMatch(f -> f.refusal().scope() == Refusal.Scope.CLONE);
    }

    /** @return whether the clone was made and sees every exit */
    public boolean exitTrackable() {
        return findings.isEmpty();
    }

    /** @return the first refusal of the given scope, if any */
    public java.util.Optional<Finding> first(Refusal.Scope scope) {
        return findings.stream().filter(f -> f.refusal().scope() == scope).findFirst();
    }

    /** @return the main part */
    public Part main() {
        return parts.get(0);
    }
}
