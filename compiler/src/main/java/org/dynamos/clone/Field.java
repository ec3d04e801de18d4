package org.dynamos.clone;

/**
 * A position-dependent field of a cloned instruction: {@code size} bytes at {@code offset} computed
 * from {@code target}. For a PC-relative kind the value is {@code target + addend - P}, P the field's
 * address (the addend is the field's distance back from the end of the instruction, e.g. -4); for an
 * absolute kind it is {@code target + addend}.
 *
 * @param offset where the field starts inside the emitted instruction
 * @param kind   how it is computed
 * @param target what it points at
 * @param addend added to the target
 * @param source where the engine learnt of the field, for comments and the summary
 *               ({@code R_X86_64_PLT32}, {@code branch}, {@code rip-relative}, {@code exit} ...)
 */
public record Field(int offset, FieldKind kind, Target target, long addend, String source) {
}
