package org.dynamos.clone;

/**
 * Why a function cannot be cloned faithfully ({@link Scope#CLONE}), or why its clone cannot count
 * every exit ({@link Scope#EXIT_TRACKING}: the clone still runs, but a drained safe point or a
 * timing monitor cannot rely on it). Each constant is documented with what was found and why it
 * matters; {@code dynamos clone-report} prints the constant names.
 */
public enum Refusal {
    // ---- the function's extent and decoding ----
    /** The symbol has no size (hand-written assembly without {@code .size}): its extent is unknown. */
    NO_SIZE(Scope.CLONE, "the symbol has no size, so its extent is unknown"),
    /**
     * Capstone cannot decode an instruction (Capstone 4 lacks e.g. RDPKRU, SERIALIZE and some EVEX
     * forms): its length, and so every later boundary, is unknown.
     */
    UNDECODABLE(Scope.CLONE, "an instruction cannot be decoded by this Capstone"),
    /** The last instruction decoded runs past the end of the function (its size does not end on a boundary). */
    DECODE_OVERRUN(Scope.CLONE, "the last instruction runs past the end of the function"),

    // ---- relocation ----
    /**
     * A {@code .rela.text} entry does not fill exactly a displacement or immediate that Capstone
     * found in the instruction: the field would be re-emitted at the wrong place.
     */
    RELOCATION_NOT_AT_OPERAND(Scope.CLONE, "a relocation does not coincide with an operand Capstone decoded"),
    /** The bytes at a relocated field do not hold the value the relocation computes (a stale entry). */
    RELOCATION_MISMATCH(Scope.CLONE, "the bytes do not hold the value the relocation computes"),
    /** A relocation of a type the engine does not re-emit (only PC32, PLT32, 32, 32S and 64 occur in code). */
    UNSUPPORTED_RELOCATION(Scope.CLONE, "a relocation type the engine does not re-emit"),
    /**
     * A call or jump into init or exit code, which the running kernel has freed (or discarded): the
     * function only runs during boot. (A mere address of init memory, as {@code core_kernel_text}
     * compares with {@code _sinittext}, is re-emitted like any other.)
     */
    REFERENCES_INIT_MEMORY(Scope.CLONE, "branches into init or exit code, freed after boot"),
    /** A field refers to a symbol that is undefined or not loaded at run time. */
    REFERENCES_UNLOADED(Scope.CLONE, "refers to a symbol that is not in memory at run time"),
    /** A branch lands inside an instruction of the function rather than at its start. */
    BRANCH_INTO_INSTRUCTION(Scope.CLONE, "a branch lands inside an instruction"),
    /**
     * A branch targets bytes 1–4 of the entry, which the 5-byte redirection jump overwrites: a task
     * still running the original would land in the middle of that jump.
     */
    BRANCH_INTO_ENTRY(Scope.CLONE, "a branch targets bytes 1-4 of the entry, overwritten by the redirection jump"),
    /**
     * Data holds addresses inside the function (a jump table of a {@code switch}, a computed
     * {@code goto} table): the table would send the clone back into the original.
     */
    INTERIOR_ADDRESS_IN_DATA(Scope.CLONE, "data holds addresses inside the function (jump table)"),
    /** A {@code loop}/{@code jrcxz} leaves its 8-bit reach after the layout changed; it has no 32-bit form. */
    SHORT_BRANCH_UNWIDENABLE(Scope.CLONE, "a loop/jrcxz branch cannot be widened"),
    /**
     * A 32-bit field cannot hold its value for every KASLR slide and every module address (see
     * {@code Reach}): a PC-relative target too far from the module area, a sign- or zero-extended
     * absolute that would overflow, or (never seen: vmlinux's own link bounds it to 16 MiB) a
     * {@code %gs:sym(%rip)} per-CPU offset of 1 GiB or more.
     */
    OUT_OF_REACH(Scope.CLONE, "a 32-bit field cannot hold its value from the module area"),
    /** A kernel table entry points inside an instruction, or at one the clone rewrites. */
    TABLE_ENTRY_UNMAPPABLE(Scope.CLONE, "a kernel table entry cannot be mapped onto the clone"),
    /** An alternative's replacement cannot be carried (it refers to init memory, or branches into the function). */
    ALTERNATIVE_UNSUPPORTED(Scope.CLONE, "an alternative's replacement cannot be carried"),

    // ---- exit tracking ----
    /**
     * A tail call's callee takes arguments on the stack, and so may the function itself (a sibling
     * call can only pass stack arguments in the caller's own incoming argument area):
     * {@code call; jmp exit} would shift them by 8 bytes.
     */
    TAIL_CALL_STACK_ARGUMENTS(Scope.EXIT_TRACKING, "a tail call's callee takes arguments on the stack"),
    /**
     * A tail call's callee has no BTF prototype (a {@code .isra}/{@code .constprop} clone, assembly),
     * and neither does the function (whose prototype alone could show that no stack argument is passed).
     */
    TAIL_CALL_UNKNOWN_PROTOTYPE(Scope.EXIT_TRACKING, "a tail call's callee has no BTF prototype"),
    /** A tail call's callee takes variable arguments and the function's own prototype does not exclude stack arguments. */
    TAIL_CALL_VARIADIC(Scope.EXIT_TRACKING, "a tail call's callee takes variable arguments"),
    /**
     * A tail call through a register, memory or a retpoline thunk, from a function whose own
     * prototype does not show that no stack argument is passed: the callee is unknown.
     */
    INDIRECT_TAIL_CALL(Scope.EXIT_TRACKING, "an indirect tail call"),
    /**
     * A tail call through a static call trampoline, from a function whose own prototype does not
     * show that no stack argument is passed: the callee changes at run time and has no prototype here.
     */
    STATIC_CALL_TAIL(Scope.EXIT_TRACKING, "a tail call through a static call"),
    /** An {@code iret}/{@code sysret}-style return: the function leaves to another context, not its caller. */
    INTERRUPT_RETURN(Scope.EXIT_TRACKING, "returns from an interrupt or system call"),
    /**
     * A jump leaves the function for a place that is not a function entry (a shared epilogue label
     * in assembly, the middle of another function): what follows there is not known to return.
     */
    BRANCH_INTO_FOREIGN_CODE(Scope.EXIT_TRACKING, "a jump leaves for the body of other code"),
    /** A {@code ret imm16}: the exit handler returns with a plain {@code ret}. */
    RETURN_POPS_ARGUMENTS(Scope.EXIT_TRACKING, "a ret that pops arguments"),
    /** An exit lies inside an alternative or paravirt site, whose bytes the kernel replaces. */
    EXIT_IN_PATCHED_SITE(Scope.EXIT_TRACKING, "an exit lies inside a site the kernel patches");

    /** What a refusal prevents. */
    public enum Scope {
        /** No faithful clone can be made. */
        CLONE,
        /** The clone can be made, but not every exit can be counted. */
        EXIT_TRACKING
    }

    private final Scope scope;
    private final String summary;

    Refusal(Scope scope, String summary) {
        this.scope = scope;
        this.summary = summary;
    }

    /** @return what the refusal prevents */
    public Scope scope() {
        return scope;
    }

    /** @return a one-line explanation */
    public String summary() {
        return summary;
    }
}
