package org.dynamos.clone;

/**
 * One entry of a kernel table, decoded to absolute link-time addresses.
 *
 * @param kind   the table
 * @param site   the text address the entry is keyed by (the faulting instruction, the BUG's ud2, the
 *               ORC ip, the patched site ...)
 * @param target a second address, by kind: the exception fixup, the BUG's file name string, the
 *               alternative's replacement, the jump label's target; 0 when the kind has none
 * @param key    by kind: the jump label's or static call's key (with its flag bits), the paravirt
 *               type and length ({@code type | len << 8}); 0 otherwise
 * @param data   by kind: the exception's data word, the BUG's {@code line | flags << 16}, the ORC
 *               entry's six bytes, the alternative's {@code cpuid | instrlen << 16 | replacementlen << 24}
 */
public record TableEntry(TableKind kind, long site, long target, long key, long data) {
}
