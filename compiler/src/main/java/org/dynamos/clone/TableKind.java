package org.dynamos.clone;

/**
 * The tables a kernel keys by text address, which a faithful clone re-emits for itself (the module
 * loader applies the same sections of a module). Layouts are those of Linux 6.1 on x86-64.
 */
public enum TableKind {
    /** {@code __ex_table}: {@code {s32 insn, s32 fixup, s32 data}}, relative; the fixup handler and its data. */
    EXCEPTION("__ex_table", 12),
    /** {@code __bug_table}: {@code {s32 bug_addr, s32 file, u16 line, u16 flags}}, relative (WARN/BUG sites). */
    BUG("__bug_table", 12),
    /** {@code .orc_unwind_ip} (s32, relative) with {@code .orc_unwind} (6-byte {@code struct orc_entry}). */
    ORC(".orc_unwind_ip", 4),
    /** {@code .altinstructions}: {@code {s32 instr, s32 repl, u16 cpuid, u8 instrlen, u8 replacementlen}}. */
    ALTERNATIVE(".altinstructions", 12),
    /** {@code .parainstructions}: {@code {u8 *instr, u8 type, u8 len}} padded to 16 bytes. */
    PARAVIRT(".parainstructions", 16),
    /** {@code __jump_table}: {@code {s32 code, s32 target, s64 key}}, relative, key with branch flags in bits 0-1. */
    JUMP_LABEL("__jump_table", 16),
    /** {@code .static_call_sites}: {@code {s32 addr, s32 key}}, relative, key with tail/init flags in bits 0-1. */
    STATIC_CALL(".static_call_sites", 8),
    /** {@code .retpoline_sites}: s32 relative to each call/jmp through a retpoline thunk. */
    RETPOLINE(".retpoline_sites", 4),
    /** {@code .return_sites}: s32 relative to each {@code jmp __x86_return_thunk}. */
    RETURN(".return_sites", 4),
    /** {@code .smp_locks}: s32 relative to each {@code lock} prefix (patched away on a uniprocessor). */
    SMP_LOCK(".smp_locks", 4);

    private final String section;
    private final int entrySize;

    TableKind(String section, int entrySize) {
        this.section = section;
        this.entrySize = entrySize;
    }

    /** @return the section name the kernel and the module loader use */
    public String section() {
        return section;
    }

    /** @return the size of one entry in bytes */
    public int entrySize() {
        return entrySize;
    }
}
