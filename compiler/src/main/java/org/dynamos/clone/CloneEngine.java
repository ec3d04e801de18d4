package org.dynamos.clone;

import org.dynamos.image.RelocationType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dynamos.disasm.Disassembler;
import org.dynamos.disasm.Instruction;
import org.dynamos.image.Region;
import org.dynamos.image.btf.FunctionPrototype;

/**
 * Clones kernel functions at compile time: copies a function's machine code (with its {@code .cold}
 * part), re-emits every position-dependent field so it still reaches its original target from
 * wherever the clone is loaded, rewrites exits to a handler label, carries the kernel tables keyed
 * by its addresses, and refuses with a named {@link Refusal} whatever it cannot carry faithfully.
 *
 * <p>{@link #clone} is the list of passes. One engine uses one {@link Disassembler}: it is not
 * thread-safe; the {@link CloneContext} it reads is, so threads share it.
 */
public final class CloneEngine {
    private static final byte[] NOP5 = {0x0f, 0x1f, 0x44, 0x00, 0x00};

    private final CloneContext ctx;
    private final Disassembler disassembler;
    private final CalleeArguments callees;
    private final long fentry;

    public CloneEngine(CloneContext ctx, Disassembler disassembler) {
        this.ctx = ctx;
        this.disassembler = disassembler;
        this.callees = new CalleeArguments(ctx::struct);
        int[] f = ctx.symbols().indexesOf("__fentry__");
        this.fentry = f.length == 0 ? 0 : ctx.symbols().value(f[0]);
    }

    /** @return the functions of the image's text section that can be asked for (cold parts excluded) */
    public List<FunctionRef> functions() {
        FunctionIndex fi = ctx.functions();
        List<FunctionRef> out = new ArrayList<>(fi.count());
        for (int i = 0; i < fi.count(); i++) {
            String name = fi.name(i);
            if (!isColdName(name)) {
                out.add(new FunctionRef(name, fi.start(i), fi.size(i)));
            }
        }
        return out;
    }

    /** @return the function at exactly {@code address}, if one starts there */
    public Optional<FunctionRef> functionAt(long address) {
        int i = ctx.functions().at(address);
        return i < 0 ? Optional.empty()
                : Optional.of(new FunctionRef(ctx.functions().name(i), address, ctx.functions().size(i)));
    }

    private static boolean isColdName(String name) {
        return name.endsWith(".cold") || name.contains(".cold.");
    }

    /** Clones one function. */
    public Clone clone(FunctionRef fn, CloneOptions options) {
        Work w = new Work(fn, options);
        if (!mainPart(w)) {
            return w.result();
        }
        decodeParts(w);
        if (!w.decoded) {
            return w.result();
        }
        relocate(w);
        checkBranchTargets(w);
        checkDataReferences(w);
        collectTables(w);
        if (options.trackExits()) {
            rewriteExits(w);
        }
        if (options.nopFentry()) {
            nopFentry(w);
        }
        layout(w);
        checkTables(w);
        return w.result();
    }

    // ---------------------------------------------------------------- passes

    /** Pass: the function's own extent. */
    private boolean mainPart(Work w) {
        if (w.fn.size() <= 0) {
            w.refuse(Refusal.NO_SIZE, w.fn.address(), w.fn.name() + " has st_size 0");
            return false;
        }
        w.parts.add(new Part(w.fn.name(), w.fn.address(), w.fn.size(), Part.Kind.MAIN));
        return true;
    }

    /** Pass: decode the main part, then every {@code .cold} part it branches to. */
    private void decodeParts(Work w) {
        for (int p = 0; p < w.parts.size(); p++) {
            Part part = w.parts.get(p);
            List<Instruction> is = new ArrayList<>();
            ByteBuffer bytes = partBytes(part);
            int failed = disassembler.decode(bytes, part.address(), w.options.text(), is);
            if (failed >= 0) {
                long at = part.address() + failed;
                Optional<Instruction> past = decodesPastTheEnd(at, part.end());
                if (past.isPresent()) {
                    w.refuse(Refusal.DECODE_OVERRUN, at, "the instruction at " + w.where(at) + " is "
                            + past.get().size() + " bytes long and runs past the end of " + part.name());
                    w.decoded = false;
                    return;
                }
                w.refuse(Refusal.UNDECODABLE, at, "Capstone " + disassembler.version() + " cannot decode "
                        + hex(bytes, failed, 8) + " at " + w.where(at));
                w.decoded = false;
                return;
            }
            Instruction last = is.get(is.size() - 1);
            if (last.end() != part.end()) {
                w.refuse(Refusal.DECODE_OVERRUN, last.address(), "the instruction at " + w.where(last.address())
                        + " ends 0x" + Long.toHexString(last.end() - part.end()) + " bytes past " + part.name());
                w.decoded = false;
                return;
            }
            w.instructions.add(is);
            for (Instruction i : is) {
                if (i.isRelativeBranch()) {
                    maybeAddColdPart(w, i.branchTarget());
                    maybeAddAuxPart(w, i.branchTarget());
                }
            }
        }
        w.decoded = true;
        w.indexBoundaries();
    }

    /** @return the instruction at {@code at} if it decodes once allowed past {@code end} */
    private Optional<Instruction> decodesPastTheEnd(long at, long end) {
        for (int room = 15; room > 0; room--) {
            Optional<ByteBuffer> b = ctx.bytesAt(at, room);
            if (b.isPresent()) {
                List<Instruction> one = new ArrayList<>();
                disassembler.decode(b.get(), at, false, one);
                return one.isEmpty() || one.get(0).end() <= end ? Optional.empty() : Optional.of(one.get(0));
            }
        }
        return Optional.empty();
    }

    private ByteBuffer partBytes(Part part) {
        return part.kind() == Part.Kind.AUX ? ctx.bytesAt(part.address(), part.size()).orElseThrow()
                : ctx.textBytes(part.address(), part.size());
    }

    /**
     * A branch into {@code .altinstr_aux} (init memory) reaches a {@code static_cpu_has()} test:
     * {@code testb $bit, cap_byte(%rip); jnz yes; jmp no}. It is carried along as a part, up to and
     * including its first unconditional jump.
     */
    private void maybeAddAuxPart(Work w, long dest) {
        if (w.inParts(dest) || !ctx.inAltinstrAux(dest)) {
            return;
        }
        Optional<ByteBuffer> bytes = ctx.bytesAt(dest, 1);
        long room = 64;
        while (room > 1 && ctx.bytesAt(dest, room).isEmpty()) {
            room--;
        }
        Optional<ByteBuffer> window = ctx.bytesAt(dest, room);
        if (bytes.isEmpty() || window.isEmpty()) {
            return;
        }
        List<Instruction> is = new ArrayList<>();
        disassembler.decode(window.get(), dest, false, is);
        for (Instruction i : is) {
            if (i.is(Instruction.JUMP | Instruction.BRANCH_RELATIVE) && !isConditional(window.get(), i, dest)) {
                long auxCount = w.parts.stream().filter(x -> x.kind() == Part.Kind.AUX).count();
                w.parts.add(new Part(w.fn.name() + ".aux" + auxCount, dest, i.end() - dest, Part.Kind.AUX));
                return;
            }
        }
    }

    private static boolean isConditional(ByteBuffer bytes, Instruction i, long base) {
        int op = bytes.get((int) (i.address() - base) + i.branchFieldOffset() - 1) & 0xff;
        return op != 0xe9 && op != 0xeb;
    }

    private void maybeAddColdPart(Work w, long dest) {
        if (w.inParts(dest)) {
            return;
        }
        int k = ctx.functions().containing(dest);
        if (k < 0) {
            return;
        }
        String name = ctx.functions().name(k);
        if (isColdName(name) && name.startsWith(w.fn.name() + ".cold")) {
            w.parts.add(new Part(name, ctx.functions().start(k), ctx.functions().size(k), Part.Kind.COLD));
        }
    }

    /**
     * Pass: every instruction's position-dependent fields — those {@code .rela.text} relocates
     * (checked against Capstone's operand offsets and the bytes), then the relative branches and
     * RIP-relative operands the assembler resolved itself.
     */
    private void relocate(Work w) {
        for (int p = 0; p < w.parts.size(); p++) {
            Part part = w.parts.get(p);
            w.code.add(relocateBlock(w, part.address(), partBytes(part), w.instructions.get(p), false));
        }
    }

    /**
     * The clone instructions of a block of decoded code at {@code base}.
     *
     * @param detached whether the block moves on its own (an alternative's replacement): branches and
     *                 RIP-relative operands that stay inside it keep their bytes
     */
    private List<CloneInstruction> relocateBlock(Work w, long base, ByteBuffer bytes, List<Instruction> is,
                                                 boolean detached) {
        RelaTable rela = ctx.relocationsAt(base);
        List<CloneInstruction> code = new ArrayList<>(is.size());
        long blockEnd = base + bytes.remaining();
        int r = rela.firstAtOrAfter(base);
        for (Instruction insn : is) {
            byte[] b = new byte[insn.size()];
            bytes.get((int) (insn.address() - base), b);
            List<Field> fields = new ArrayList<>(2);
            Rewrite rewrite = Rewrite.VERBATIM;
            boolean branchCovered = false;
            boolean dispCovered = false;
            while (r < rela.size() && rela.where(r) < insn.end()) {
                if (rela.where(r) < insn.address()) {
                    r++;
                    continue;
                }
                Field f = relocatedField(w, insn, b, rela, r);
                if (f != null) {
                    fields.add(f);
                    rewrite = f.target() instanceof Target.Local ? Rewrite.LOCAL : Rewrite.RELOCATED;
                    if (insn.isRelativeBranch() && f.offset() == insn.branchFieldOffset()) {
                        branchCovered = true;
                    }
                    if (insn.ripRelative() && f.offset() == insn.dispOffset()) {
                        dispCovered = true;
                    }
                } else {
                    branchCovered = dispCovered = true; // refused; do not add a second field
                }
                r++;
            }
            if (insn.isRelativeBranch() && !branchCovered
                    && !(detached && insn.branchTarget() >= base && insn.branchTarget() <= blockEnd)) {
                long dest = insn.branchTarget();
                int off = insn.branchFieldOffset();
                FieldKind kind = insn.branchFieldSize() == 1 ? FieldKind.PC8 : FieldKind.PC32;
                Target t = w.targetOf(dest, true);
                fields.add(new Field(off, kind, t, off - insn.size(), "branch"));
                rewrite = t instanceof Target.Local ? Rewrite.LOCAL : Rewrite.RESOLVED;
            }
            if (insn.ripRelative() && !dispCovered) {
                int off = insn.dispOffset();
                long dest = insn.end() + readInt(b, off);
                if (!(detached && dest >= base && dest <= blockEnd)) {
                    Target t = w.targetOf(dest, true);
                    fields.add(new Field(off, FieldKind.PC32, t, off - insn.size(), "rip-relative"));
                    if (rewrite == Rewrite.VERBATIM) {
                        rewrite = t instanceof Target.Local ? Rewrite.LOCAL : Rewrite.RESOLVED;
                    }
                }
            }
            fields.sort((x, y) -> Integer.compare(x.offset(), y.offset()));
            code.add(new CloneInstruction(insn.address(), insn.size(), b, fields, rewrite, insn.text()));
        }
        return code;
    }

    /** @return the field a relocation fills, or null (with a refusal recorded) */
    private Field relocatedField(Work w, Instruction insn, byte[] b, RelaTable rela, int r) {
        int type = rela.type(r);
        String tn = RelocationType.name(type);
        int size = RelaTable.fieldSize(type);
        long where = rela.where(r);
        int k = (int) (where - insn.address());
        if (size == 0 || type == RelocationType.R_X86_64_PC64) {
            w.refuse(Refusal.UNSUPPORTED_RELOCATION, insn.address(), tn + " in " + w.describe(insn));
            return null;
        }
        boolean atDisp = k == insn.dispOffset() && size == insn.dispSize();
        boolean atImm = k == insn.immOffset() && size == insn.immSize();
        if (k + size > insn.size() || !(atDisp || atImm)) {
            w.refuse(Refusal.RELOCATION_NOT_AT_OPERAND, insn.address(), tn + " at +" + k + " (" + size
                    + " bytes) of " + w.describe(insn) + "; Capstone has displacement +" + insn.dispOffset() + "/"
                    + insn.dispSize() + ", immediate +" + insn.immOffset() + "/" + insn.immSize());
            return null;
        }
        int sym = rela.symbol(r);
        long s = sym == 0 ? 0 : ctx.symbolValue(sym);
        long sa = s + rela.addend(r);
        boolean pc = type == RelocationType.R_X86_64_PC32 || type == RelocationType.R_X86_64_PLT32;
        long f = size == 8 ? readLong(b, k) : readInt(b, k);
        boolean consistent = switch (type) {
            case RelocationType.R_X86_64_PC32, RelocationType.R_X86_64_PLT32 -> (int) (sa - where) == (int) f;
            case RelocationType.R_X86_64_32S -> sa == f;
            case RelocationType.R_X86_64_32 -> sa == (f & 0xffffffffL);
            default -> sa == f;
        };
        if (!consistent) {
            w.refuse(Refusal.RELOCATION_MISMATCH, insn.address(), tn + " " + w.symbolText(sym, rela.addend(r))
                    + " computes 0x" + Long.toHexString(pc ? sa - where : sa) + " but the field holds 0x"
                    + Long.toHexString(f));
            return null;
        }
        Region region = sym == 0 ? Region.ABSOLUTE : ctx.region(sym);
        FieldKind kind = switch (type) {
            case RelocationType.R_X86_64_PC32, RelocationType.R_X86_64_PLT32 -> FieldKind.PC32;
            case RelocationType.R_X86_64_32S -> FieldKind.ABS32S;
            case RelocationType.R_X86_64_32 -> FieldKind.ABS32;
            default -> FieldKind.ABS64;
        };
        boolean code = insn.isRelativeBranch() || insn.ripRelative();
        // For a PC-relative field: the address the instruction really means (next instruction + displacement).
        long dest = pc ? insn.end() + f : sa;
        long addend = pc ? k - insn.size() : 0;
        if ((region == Region.TEXT || region == Region.INIT) && dest != w.fn.address() && w.inParts(dest)) {
            return new Field(k, kind, new Target.Local(dest), addend, tn);
        }
        // Semantic refusals still yield the field, so that the code stays complete (the round trip
        // reproduces every decodable function); the refusal says the clone must not be used.
        switch (region) {
            case PERCPU -> {
                if (pc) {
                    // %gs:sym(%rip): the module loader computes sym - P as it does for a module's own
                    // per-CPU accesses, which reaches from the module area for offsets below 1 GiB.
                    if (!Reach.percpuPc32(dest, addend)) {
                        w.refuse(Refusal.OUT_OF_REACH, insn.address(), tn + " against per-CPU "
                                + w.symbolText(sym, rela.addend(r)) + " (offset 0x" + Long.toHexString(dest) + ")");
                    }
                    return new Field(k, kind, new Target.Verbatim(dest), addend, tn + " per-CPU");
                }
                return new Field(k, kind, new Target.Verbatim(sa), 0, tn + " per-CPU");
            }
            case ABSOLUTE -> {
                if (pc) {
                    w.refuse(Refusal.REFERENCES_UNLOADED, insn.address(), tn + " against absolute "
                            + w.symbolText(sym, rela.addend(r)));
                    return new Field(k, kind, new Target.Verbatim(dest), addend, tn + " absolute");
                }
                return new Field(k, kind, new Target.Verbatim(sa), 0, tn + " absolute");
            }
            case INIT, EXIT -> {
                // An address in init memory is still the right value (core_kernel_text compares with
                // _sinittext); only code that calls or jumps there runs at boot alone.
                if (insn.isRelativeBranch()) {
                    w.refuse(Refusal.REFERENCES_INIT_MEMORY, insn.address(), w.describe(insn) + " branches to "
                            + w.symbolText(sym, rela.addend(r)) + " in " + region.toString().toLowerCase() + " code");
                }
                return new Field(k, kind, new Target.Anchored(dest), addend, tn);
            }
            case OTHER -> {
                w.refuse(Refusal.REFERENCES_UNLOADED, insn.address(), w.describe(insn) + " refers to "
                        + w.symbolText(sym, rela.addend(r)));
                return new Field(k, kind, new Target.Verbatim(dest), addend, tn);
            }
            default -> {
                return new Field(k, kind, w.targetOf(dest, code || !pc), addend, tn);
            }
        }
    }

    /** Pass: every branch inside the clone must land on an instruction, and none in bytes 1-4 of the entry. */
    private void checkBranchTargets(Work w) {
        long entry = w.fn.address();
        for (List<CloneInstruction> code : w.code) {
            for (CloneInstruction ci : code) {
                for (Field f : ci.fields()) {
                    if (f.target() instanceof Target.Local l) {
                        if (!w.isBoundary(l.original())) {
                            w.refuse(Refusal.BRANCH_INTO_INSTRUCTION, ci.origin(), w.where(ci.origin())
                                    + " refers to " + w.where(l.original()) + ", inside an instruction");
                        }
                        if (l.original() > entry && l.original() < entry + 5) {
                            w.refuse(Refusal.BRANCH_INTO_ENTRY, ci.origin(), w.where(ci.origin())
                                    + " branches to " + w.where(l.original()));
                        }
                    }
                }
            }
        }
    }

    /** Pass: data that holds addresses inside the function (jump tables) would lead back into the original. */
    private void checkDataReferences(Work w) {
        for (Part part : w.parts) {
            long from = part.kind() == Part.Kind.MAIN ? part.address() : part.address() - 1;
            for (long where : ctx.dataReferencesInto(from, part.end())) {
                long to = ctx.dataReferenceTarget(where);
                String section = ctx.sectionAt(where).map(s -> s.name()).orElse("?");
                w.refuse(Refusal.INTERIOR_ADDRESS_IN_DATA, to, section + " at 0x" + Long.toHexString(where)
                        + " holds " + w.where(to));
            }
        }
    }

    /** Pass: returns jump to the exit handler; tail calls become {@code call; jmp exit} where the callee allows. */
    private void rewriteExits(Work w) {
        Target exit = new Target.Symbol(w.options.exitSymbol());
        for (int p = 0; p < w.code.size(); p++) {
            List<CloneInstruction> code = w.code.get(p);
            List<Instruction> is = w.instructions.get(p);
            for (int i = 0; i < code.size(); i++) {
                CloneInstruction ci = code.get(i);
                Instruction insn = is.get(i);
                byte[] b = ci.bytes();
                boolean exitLike = insn.is(Instruction.RET) || insn.is(Instruction.JUMP);
                if (exitLike && w.inPatchedSite(insn.address())) {
                    Field bf = branchField(ci, insn);
                    boolean local = bf != null && bf.target() instanceof Target.Local;
                    if (!local) {
                        w.refuse(Refusal.EXIT_IN_PATCHED_SITE, insn.address(), w.describe(insn)
                                + " lies in an alternative or paravirt site");
                    }
                    continue;
                }
                if (insn.is(Instruction.RET)) {
                    int op = b[b.length - 1] & 0xff;
                    if (op != 0xc3) {
                        w.refuse(Refusal.RETURN_POPS_ARGUMENTS, insn.address(), w.describe(insn));
                        continue;
                    }
                    code.set(i, new CloneInstruction(ci.origin(), ci.original(), new byte[] {(byte) 0xe9, 0, 0, 0, 0},
                            List.of(new Field(1, FieldKind.PC32, exit, -4, "exit")), Rewrite.EXIT, ci.text()));
                    continue;
                }
                if (insn.is(Instruction.IRET) || isSysret(b)) {
                    w.refuse(Refusal.INTERRUPT_RETURN, insn.address(), w.describe(insn));
                    continue;
                }
                if (insn.isIndirectJump()) {
                    CloneInstruction call = w.callerTakesNoStackArguments() ? indirectCall(ci, exit) : null;
                    if (call == null) {
                        w.refuse(Refusal.INDIRECT_TAIL_CALL, insn.address(), w.describe(insn)
                                + (w.callerTakesNoStackArguments() ? " (not a near jmp)" : ""));
                        continue;
                    }
                    code.set(i, call);
                    continue;
                }
                if (!insn.is(Instruction.JUMP | Instruction.BRANCH_RELATIVE)) {
                    continue;
                }
                Field f = branchField(ci, insn);
                if (f == null || f.target() instanceof Target.Local) {
                    continue;
                }
                long dest = insn.branchTarget();
                int fo = insn.branchFieldOffset();
                int opAt = insn.branchFieldSize() == 4 && fo >= 2 && b[fo - 2] == 0x0f && (b[fo - 1] & 0xf0) == 0x80
                        ? fo - 2 : fo - 1;
                int op = b[opAt] & 0xff;
                boolean conditional = op != 0xe9 && op != 0xeb;
                if (op >= 0xe0 && op <= 0xe3) {
                    w.refuse(Refusal.SHORT_BRANCH_UNWIDENABLE, insn.address(), w.describe(insn) + " leaves the function");
                    continue;
                }
                int cc = op == 0x0f ? b[opAt + 1] & 0x0f : op & 0x0f;
                if (dest == ctx.returnThunk() && dest != 0) {
                    code.set(i, conditional ? jcc(ci, cc, exit, "exit") : jmp(ci, exit, Rewrite.EXIT, "exit"));
                    continue;
                }
                Optional<Refusal> why = tailCallRefusal(w, insn, dest);
                if (why.isPresent()) {
                    continue;
                }
                code.set(i, tailCall(ci, conditional, cc, f.target(), exit));
            }
        }
    }

    /** @return whether the instruction is {@code sysret} or {@code sysexit} (after legacy and REX prefixes) */
    private static boolean isSysret(byte[] b) {
        int k = 0;
        while (k < b.length && isPrefix(b[k] & 0xff)) {
            k++;
        }
        return b.length - k == 2 && b[k] == 0x0f && (b[k + 1] == 0x07 || b[k + 1] == 0x35);
    }

    private static boolean isPrefix(int x) {
        return x == 0x66 || x == 0x67 || x == 0xf0 || x == 0xf2 || x == 0xf3 || x == 0x2e || x == 0x3e
                || x == 0x26 || x == 0x36 || x == 0x64 || x == 0x65 || (x >= 0x40 && x <= 0x4f);
    }

    private static Field branchField(CloneInstruction ci, Instruction insn) {
        for (Field f : ci.fields()) {
            if (f.offset() == insn.branchFieldOffset()) {
                return f;
            }
        }
        return null;
    }

    /** @return why a tail call to {@code dest} cannot become {@code call; jmp exit} (recorded), or empty */
    private Optional<Refusal> tailCallRefusal(Work w, Instruction insn, long dest) {
        Optional<String> named = ctx.textSymbolAt(dest);
        String callee = named.orElse(null);
        Refusal r = null;
        String detail = "tail call to " + callee;
        if (callee != null && (callee.startsWith("__x86_indirect_thunk_") || callee.startsWith("__x86_indirect_jump_thunk_"))) {
            if (w.callerTakesNoStackArguments()) {
                return Optional.empty(); // call the thunk: the callee gets no stack argument either
            }
            r = Refusal.INDIRECT_TAIL_CALL;
            detail = "tail call through " + callee;
        } else if (callee != null && callee.startsWith("__SCT__")) {
            if (w.callerTakesNoStackArguments()) {
                return Optional.empty(); // its static call site loses its tail flag when emitted
            }
            r = Refusal.STATIC_CALL_TAIL;
            detail = "tail call through static call " + callee.substring(7);
        } else if (ctx.functions().at(dest) < 0) {
            r = Refusal.BRANCH_INTO_FOREIGN_CODE;
            detail = w.describe(insn) + " jumps to " + (callee != null ? callee : w.where(dest));
        } else if (w.callerTakesNoStackArguments()) {
            return Optional.empty(); // a sibling call cannot pass stack arguments the caller did not receive
        } else {
            Optional<FunctionPrototype> proto = ctx.prototype(callee);
            if (proto.isEmpty()) {
                r = Refusal.TAIL_CALL_UNKNOWN_PROTOTYPE;
            } else {
                switch (callees.of(proto.get())) {
                    case STACK -> {
                        r = Refusal.TAIL_CALL_STACK_ARGUMENTS;
                        detail += " (" + proto.get() + ")";
                    }
                    case VARIADIC -> r = Refusal.TAIL_CALL_VARIADIC;
                    case UNKNOWN -> {
                        r = Refusal.TAIL_CALL_UNKNOWN_PROTOTYPE;
                        detail += " (a parameter's size is unknown)";
                    }
                    default -> {
                    }
                }
            }
        }
        if (r != null) {
            w.refuse(r, insn.address(), detail);
        }
        return Optional.ofNullable(r);
    }

    /**
     * {@code jmp *X} (opcode FF /4) becomes {@code call *X} (FF /2) followed by {@code jmp exit};
     * the operand, and any RIP-relative field in it, stays where it was.
     *
     * @return the rewrite, or null if the instruction is not a near indirect jump
     */
    private static CloneInstruction indirectCall(CloneInstruction ci, Target exit) {
        byte[] b = ci.bytes();
        int k = 0;
        while (k < b.length && isPrefix(b[k] & 0xff)) {
            k++;
        }
        if (k + 1 >= b.length || (b[k] & 0xff) != 0xff || ((b[k + 1] >>> 3) & 7) != 4) {
            return null;
        }
        byte[] out = java.util.Arrays.copyOf(b, b.length + 5);
        out[k + 1] = (byte) ((b[k + 1] & 0xc7) | (2 << 3));
        out[b.length] = (byte) 0xe9;
        List<Field> fields = new ArrayList<>(ci.fields());
        fields.add(new Field(b.length + 1, FieldKind.PC32, exit, -4, "exit"));
        return new CloneInstruction(ci.origin(), ci.original(), out, fields, Rewrite.TAIL_CALL, ci.text());
    }

    private static CloneInstruction jmp(CloneInstruction ci, Target t, Rewrite rewrite, String source) {
        return new CloneInstruction(ci.origin(), ci.original(), new byte[] {(byte) 0xe9, 0, 0, 0, 0},
                List.of(new Field(1, FieldKind.PC32, t, -4, source)), rewrite, ci.text());
    }

    private static CloneInstruction jcc(CloneInstruction ci, int cc, Target t, String source) {
        return new CloneInstruction(ci.origin(), ci.original(), new byte[] {0x0f, (byte) (0x80 | cc), 0, 0, 0, 0},
                List.of(new Field(2, FieldKind.PC32, t, -4, source)), Rewrite.EXIT, ci.text());
    }

    /** {@code call callee; jmp exit}, behind a short jump over both when the tail call was conditional. */
    private static CloneInstruction tailCall(CloneInstruction ci, boolean conditional, int cc, Target callee, Target exit) {
        if (!conditional) {
            return new CloneInstruction(ci.origin(), ci.original(),
                    new byte[] {(byte) 0xe8, 0, 0, 0, 0, (byte) 0xe9, 0, 0, 0, 0},
                    List.of(new Field(1, FieldKind.PC32, callee, -4, "tail call"),
                            new Field(6, FieldKind.PC32, exit, -4, "exit")), Rewrite.TAIL_CALL, ci.text());
        }
        return new CloneInstruction(ci.origin(), ci.original(),
                new byte[] {(byte) (0x70 | (cc ^ 1)), 10, (byte) 0xe8, 0, 0, 0, 0, (byte) 0xe9, 0, 0, 0, 0},
                List.of(new Field(3, FieldKind.PC32, callee, -4, "tail call"),
                        new Field(8, FieldKind.PC32, exit, -4, "exit")), Rewrite.TAIL_CALL, ci.text());
    }

    /** Pass: the fentry call becomes a 5-byte NOP, so the clone is never traced. */
    private void nopFentry(Work w) {
        List<CloneInstruction> main = w.code.get(0);
        if (main.isEmpty() || fentry == 0) {
            return;
        }
        CloneInstruction first = main.get(0);
        Instruction insn = w.instructions.get(0).get(0);
        if (insn.is(Instruction.CALL | Instruction.BRANCH_RELATIVE) && insn.branchTarget() == fentry && insn.size() == 5) {
            main.set(0, new CloneInstruction(first.origin(), first.original(), NOP5.clone(), List.of(),
                    Rewrite.FENTRY_NOP, first.text()));
        }
    }

    /** Pass: the entries of the kernel's per-address tables that fall in the function. */
    private void collectTables(Work w) {
        for (TableKind kind : TableKind.values()) {
            List<TableEntry> all = new ArrayList<>();
            for (Part part : w.parts) {
                all.addAll(ctx.tables().in(kind, part.address(), part.end()));
            }
            if (!all.isEmpty()) {
                w.tables.put(kind, all);
            }
        }
        // Every part starts with the unwind state in effect at its original start, even when that
        // entry sits before it (padding or a preceding label shares it).
        List<TableEntry> orc = new ArrayList<>(w.tables.getOrDefault(TableKind.ORC, List.of()));
        for (Part part : w.parts) {
            boolean atStart = orc.stream().anyMatch(e -> e.site() == part.address());
            if (!atStart) {
                ctx.tables().inEffectAt(TableKind.ORC, part.address())
                        .ifPresent(e -> orc.add(new TableEntry(TableKind.ORC, part.address(), 0, 0, e.data())));
            }
        }
        if (!orc.isEmpty()) {
            orc.sort((a, b) -> Long.compare(a.site(), b.site()));
            w.tables.put(TableKind.ORC, orc);
        }
        for (TableEntry alt : w.tables.getOrDefault(TableKind.ALTERNATIVE, List.of())) {
            replacement(w, alt);
        }
    }

    /**
     * An alternative's replacement lives in {@code .altinstr_replacement} (init memory): the clone
     * carries its own copy, relocated like the function's code (the kernel re-targets a leading
     * relative call or jump itself when it patches the site).
     */
    private void replacement(Work w, TableEntry alt) {
        int length = (int) ((alt.data() >>> 24) & 0xff);
        long at = alt.target();
        if (w.replacements.containsKey(at)) {
            return;
        }
        if (length == 0) {
            w.replacements.put(at, List.of());
            return;
        }
        Optional<ByteBuffer> bytes = ctx.bytesAt(at, length);
        if (bytes.isEmpty()) {
            w.refuse(Refusal.ALTERNATIVE_UNSUPPORTED, alt.site(), "the replacement at 0x" + Long.toHexString(at)
                    + " is not in the image file");
            return;
        }
        List<Instruction> is = new ArrayList<>();
        int failed = disassembler.decode(bytes.get(), at, w.options.text(), is);
        if (failed >= 0) {
            w.refuse(Refusal.ALTERNATIVE_UNSUPPORTED, alt.site(), "Capstone " + disassembler.version()
                    + " cannot decode the replacement of the alternative at " + w.where(alt.site()));
            return;
        }
        int before = w.findings.size();
        List<CloneInstruction> code = relocateBlock(w, at, bytes.get(), is, true);
        for (int i = before; i < w.findings.size(); i++) {
            Finding f = w.findings.get(i);
            if (f.refusal().scope() == Refusal.Scope.CLONE) {
                w.findings.set(i, new Finding(Refusal.ALTERNATIVE_UNSUPPORTED, alt.site(),
                        "the replacement of the alternative at " + w.where(alt.site()) + ": " + f.detail()));
            }
        }
        w.replacements.put(at, code);
    }

    /** Pass: every table entry maps onto the laid-out clone (sites on instructions, patched sites intact). */
    private void checkTables(Work w) {
        new TableMapping(ctx, w).check();
    }

    /** Pass: place every instruction, widening short branches that no longer reach; check every reach. */
    private void layout(Work w) {
        w.layout = new Relaxation(ctx, w).run();
    }

    // ---------------------------------------------------------------- helpers

    static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    static long readLong(byte[] b, int at) {
        return (readInt(b, at) & 0xffffffffL) | (long) readInt(b, at + 4) << 32;
    }

    private static String hex(ByteBuffer b, int at, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = at; i < Math.min(b.limit(), at + max); i++) {
            s.append(String.format("%02x ", b.get(i) & 0xff));
        }
        return s.toString().trim();
    }

    /** The state of one function's cloning, filled pass by pass. */
    final class Work {
        final FunctionRef fn;
        final CloneOptions options;
        final List<Part> parts = new ArrayList<>();
        final List<List<Instruction>> instructions = new ArrayList<>();
        final List<List<CloneInstruction>> code = new ArrayList<>();
        final Map<TableKind, List<TableEntry>> tables = new EnumMap<>(TableKind.class);
        final Map<Long, List<CloneInstruction>> replacements = new java.util.TreeMap<>();
        final List<Finding> findings = new ArrayList<>();
        boolean decoded;
        Layout layout;
        private Boolean callerRegistersOnly;
        private long[][] starts;

        Work(FunctionRef fn, CloneOptions options) {
            this.fn = fn;
            this.options = options;
        }

        /** @return whether the function's own BTF prototype passes every argument in registers */
        boolean callerTakesNoStackArguments() {
            if (callerRegistersOnly == null) {
                callerRegistersOnly = ctx.prototype(fn.name())
                        .map(p -> callees.of(p) == CalleeArguments.Verdict.REGISTERS_ONLY).orElse(false);
            }
            return callerRegistersOnly;
        }

        void refuse(Refusal r, long address, String detail) {
            findings.add(new Finding(r, address, detail));
        }

        boolean refused(Refusal.Scope scope) {
            return findings.stream().anyMatch(f -> f.refusal().scope() == scope);
        }

        boolean inParts(long a) {
            for (Part p : parts) {
                if (p.contains(a)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * @param code whether {@code dest} is used as a code address (branch or RIP-relative operand)
         * @return a local target for a place inside the clone (the entry itself excepted: a call
         *         or a pointer to it means the function, which goes through the redirection), else anchored
         */
        Target targetOf(long dest, boolean code) {
            if (dest != fn.address() && inParts(dest)) {
                return new Target.Local(dest);
            }
            return new Target.Anchored(dest);
        }

        void indexBoundaries() {
            starts = new long[instructions.size()][];
            for (int p = 0; p < instructions.size(); p++) {
                List<Instruction> is = instructions.get(p);
                long[] s = new long[is.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = is.get(i).address();
                }
                starts[p] = s;
            }
        }

        boolean isBoundary(long a) {
            for (long[] s : starts) {
                if (Arrays.binarySearch(s, a) >= 0) {
                    return true;
                }
            }
            return false;
        }

        /** @return the index of the instruction starting at {@code a} in part {@code p}, or -1 */
        int instructionAt(int p, long a) {
            int i = Arrays.binarySearch(starts[p], a);
            return i >= 0 ? i : -1;
        }

        /** @return whether {@code a} lies inside an alternative or paravirt site of the function */
        boolean inPatchedSite(long a) {
            for (TableEntry e : tables.getOrDefault(TableKind.ALTERNATIVE, List.of())) {
                if (a >= e.site() && a < e.site() + ((e.data() >>> 16) & 0xff)) {
                    return true;
                }
            }
            for (TableEntry e : tables.getOrDefault(TableKind.PARAVIRT, List.of())) {
                if (a >= e.site() && a < e.site() + ((e.key() >>> 8) & 0xff)) {
                    return true;
                }
            }
            return false;
        }

        int partOf(long a) {
            for (int p = 0; p < parts.size(); p++) {
                if (parts.get(p).contains(a)) {
                    return p;
                }
            }
            return -1;
        }

        /** @return {@code name+0xoff} for an address, by the symbol containing it */
        String where(long a) {
            for (Part p : parts) {
                if (p.contains(a)) {
                    return p.name() + "+0x" + Long.toHexString(a - p.address());
                }
            }
            int k = ctx.functions().containing(a);
            if (k >= 0) {
                return ctx.functions().name(k) + "+0x" + Long.toHexString(a - ctx.functions().start(k));
            }
            return "0x" + Long.toHexString(a);
        }

        String describe(Instruction insn) {
            return (insn.text() != null ? "'" + insn.text() + "' at " : "the instruction at ") + where(insn.address());
        }

        String symbolText(int sym, long addend) {
            String n = sym == 0 ? "*ABS*" : ctx.symbolName(sym);
            if (n.isEmpty() && sym != 0) {
                n = ctx.sectionAt(ctx.symbolValue(sym)).map(s -> s.name()).orElse("?");
            }
            return addend == 0 ? n : n + (addend < 0 ? "-0x" + Long.toHexString(-addend) : "+0x" + Long.toHexString(addend));
        }

        Clone result() {
            return new Clone(fn.name(), fn.address(), parts, code, layout, tables, replacements, findings, options);
        }
    }

    /** A function as the engine lists it. */
    public record FunctionRef(String name, long address, long size) {
    }
}
