package org.dynamos.clone;

/** What the engine did to one instruction of the original. */
public enum Rewrite {
    /** Copied as it is: nothing in it depends on its position. */
    VERBATIM,
    /** Copied with its relocated fields re-emitted against the anchor (per-CPU offsets verbatim). */
    RELOCATED,
    /** A call, jump or RIP-relative operand the assembler had resolved without a relocation, re-emitted against the anchor. */
    RESOLVED,
    /** A branch to another instruction of the clone (hot or cold part), re-emitted as a label. */
    LOCAL,
    /** A short branch widened to a 32-bit displacement because its target left its reach. */
    WIDENED,
    /** A return ({@code ret}, {@code jmp __x86_return_thunk}) turned into a jump to the exit handler. */
    EXIT,
    /** A tail call turned into {@code call callee; jmp exit}. */
    TAIL_CALL,
    /** The fentry call replaced by a 5-byte NOP: the clone is not traced. */
    FENTRY_NOP
}
