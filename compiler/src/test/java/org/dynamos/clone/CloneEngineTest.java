package org.dynamos.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.dynamos.disasm.Disassembler;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.ElfSection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clone engine on a gcc-built fixture image: one function per rewrite kind, per table kind the
 * fixture carries, and per refusal reason (RELOCATION_MISMATCH on a copy with a field altered).
 */
class CloneEngineTest {
    @TempDir
    static Path dir;
    static ElfKernelImage image;
    static CloneContext ctx;
    static Disassembler disassembler;
    static CloneEngine engine;

    @BeforeAll
    static void build() throws IOException {
        assumeTrue(Disassembler.available(), "libcapstone is not installed");
        Path vmlinux = CloneFixtures.vmlinux(dir);
        image = ElfKernelImage.open(vmlinux);
        ctx = CloneContext.of(image);
        disassembler = Disassembler.open();
        engine = new CloneEngine(ctx, disassembler);
    }

    @AfterAll
    static void close() {
        if (disassembler != null) {
            disassembler.close();
        }
        if (image != null) {
            image.close();
        }
    }

    private static CloneEngine.FunctionRef fn(String name) {
        return engine.functions().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseGet(() -> engine.functionAt(image.symbols(name).get(0).address()).orElseThrow());
    }

    private static Clone module(String name) {
        return engine.clone(fn(name), CloneOptions.forModule("exit_handler").textual());
    }

    private static Set<Refusal> reasons(Clone c) {
        return c.findings().stream().map(Finding::refusal).collect(Collectors.toCollection(() -> EnumSet.noneOf(Refusal.class)));
    }

    private static Set<Rewrite> rewrites(Clone c) {
        return c.code().stream().flatMap(List::stream).map(CloneInstruction::rewrite)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Rewrite.class)));
    }

    // ---------------------------------------------------------------- round trip

    @Test
    void everyDecodableFixtureFunctionRoundTrips() {
        for (CloneEngine.FunctionRef f : engine.functions()) {
            RoundTrip.Outcome o = RoundTrip.check(ctx, engine, f);
            if (o instanceof RoundTrip.NotDecoded n) {
                assertTrue(Set.of("no_size", "undecodable", "overrun").contains(f.name()), f.name() + ": " + n);
            } else {
                assertInstanceOf(RoundTrip.Identical.class, o, f.name());
            }
        }
    }

    // ---------------------------------------------------------------- rewrite kinds

    @Test
    void fentryCallBecomesANopAndDataIsRelocatedAndSameFileCallsResolved() {
        Clone c = module("calls_same_file");
        assertTrue(c.exitTrackable(), c.findings().toString());
        assertEquals(Rewrite.FENTRY_NOP, c.code().get(0).get(0).rewrite());
        assertTrue(rewrites(c).containsAll(Set.of(Rewrite.RELOCATED, Rewrite.RESOLVED)), rewrites(c).toString());
        Field call = c.code().get(0).stream().filter(ci -> ci.rewrite() == Rewrite.RESOLVED).findFirst()
                .orElseThrow().fields().get(0);
        assertEquals("branch", call.source());
        assertInstanceOf(Target.Anchored.class, call.target());
    }

    @Test
    void branchesInsideTheFunctionBecomeLabels() {
        Clone c = module("loops");
        assertTrue(rewrites(c).contains(Rewrite.LOCAL));
        assertTrue(c.clonable());
    }

    @Test
    void returnsJumpToTheExitHandler() {
        Clone c = module("exits");
        assertTrue(c.exitTrackable(), c.findings().toString());
        List<CloneInstruction> exits = c.code().get(0).stream().filter(ci -> ci.rewrite() == Rewrite.EXIT).toList();
        assertEquals(3, exits.size(), "ret, js thunk, jmp thunk");
        for (CloneInstruction ci : exits) {
            assertEquals(new Target.Symbol("exit_handler"), ci.fields().get(0).target());
        }
        assertEquals(0x0f, exits.get(1).bytes()[0] & 0xff, "the conditional one stays conditional");
    }

    @Test
    void tailCallsBecomeCallThenExit() {
        Clone c = module("tail_regs");
        assertTrue(c.exitTrackable(), c.findings().toString());
        CloneInstruction t = c.code().get(0).get(0);
        assertEquals(Rewrite.TAIL_CALL, t.rewrite());
        assertEquals(0xe8, t.bytes()[0] & 0xff);
        assertEquals(0xe9, t.bytes()[5] & 0xff);
        Clone cond = module("tail_cond");
        assertTrue(cond.exitTrackable(), cond.findings().toString());
        assertTrue(rewrites(cond).containsAll(Set.of(Rewrite.TAIL_CALL, Rewrite.EXIT)));
    }

    @Test
    void indirectTailCallBecomesAnIndirectCallWhenTheCallerTakesNoStackArguments() {
        Clone c = module("indirect_tail");
        assertTrue(c.exitTrackable(), c.findings().toString());
        CloneInstruction t = c.code().get(0).stream().filter(ci -> ci.rewrite() == Rewrite.TAIL_CALL).findFirst()
                .orElseThrow(() -> new AssertionError(rewrites(c).toString()));
        assertEquals(0xff, t.bytes()[0] & 0xff);
        assertEquals(2, (t.bytes()[1] >>> 3) & 7, "call *%reg (FF /2)");
        assertEquals(0xe9, t.bytes()[t.size() - 5] & 0xff);
    }

    @Test
    void shortJumpLeavingTheFunctionIsWidenedForAModuleButNotOnItsOwnAddress() {
        Clone c = module("short_out");
        assertTrue(rewrites(c).contains(Rewrite.WIDENED) || rewrites(c).contains(Rewrite.TAIL_CALL), rewrites(c).toString());
        Clone untracked = engine.clone(fn("short_out"),
                new CloneOptions(false, null, false, CloneOptions.Placement.MODULE, false));
        assertTrue(rewrites(untracked).contains(Rewrite.WIDENED), rewrites(untracked).toString());
        Clone own = engine.clone(fn("short_out"), CloneOptions.roundTrip());
        assertFalse(rewrites(own).contains(Rewrite.WIDENED));
    }

    @Test
    void coldPartIsCarriedAndBranchesBetweenPartsAreLocal() {
        Clone c = module("hot");
        assertEquals(2, c.parts().size());
        assertEquals(Part.Kind.COLD, c.parts().get(1).kind());
        assertEquals("hot.cold", c.parts().get(1).name());
        long locals = c.code().stream().flatMap(List::stream).flatMap(ci -> ci.fields().stream())
                .filter(f -> f.target() instanceof Target.Local).count();
        assertEquals(2, locals, "hot -> cold and back");
        assertTrue(c.exitTrackable(), c.findings().toString());
    }

    @Test
    void perCpuOffsetsAreKeptVerbatim() {
        Clone c = module("pcpu_near_ref");
        assertTrue(c.clonable(), c.findings().toString());
        Field f = c.code().get(0).get(0).fields().get(0);
        assertEquals(FieldKind.PC32, f.kind());
        assertEquals(new Target.Verbatim(0x40), f.target());
    }

    // ---------------------------------------------------------------- tables

    @Test
    void tablesMapOntoTheCloneAndAlternativeReplacementsAreRelocated() {
        Clone c = module("good_tables");
        assertTrue(c.clonable(), c.findings().toString());
        assertEquals(Set.of(TableKind.EXCEPTION, TableKind.ALTERNATIVE, TableKind.JUMP_LABEL),
                c.tables().keySet().stream().filter(k -> k != TableKind.ORC).collect(Collectors.toSet()));
        TableEntry ex = c.tables().get(TableKind.EXCEPTION).get(0);
        assertEquals(c.address(), ex.site());
        assertEquals(7, ex.data());
        List<CloneInstruction> repl = c.replacements().values().iterator().next();
        assertEquals(1, repl.size());
        assertInstanceOf(Target.Anchored.class, repl.get(0).fields().get(0).target());
        String asm = CloneAssembly.emit(c, ctx, "clone_good_tables");
        assertTrue(asm.contains(".pushsection __ex_table"), asm);
        assertTrue(asm.contains(".pushsection .altinstr_replacement"), asm);
        assertTrue(asm.contains(".pushsection __jump_table"), asm);
        assertTrue(RelocationSummary.json(c, ctx).contains("\"__jump_table\": 1"));
    }

    // ---------------------------------------------------------------- refusals: exit tracking

    private static void refusedExits(String function, Refusal expected) {
        Clone c = module(function);
        assertTrue(c.clonable(), function + ": " + c.findings());
        assertEquals(Set.of(expected), reasons(c), function + ": " + c.findings());
        assertEquals(Refusal.Scope.EXIT_TRACKING, expected.scope());
    }

    @Test
    void tailCallToACalleeTakingStackArguments() {
        refusedExits("tail_stack", Refusal.TAIL_CALL_STACK_ARGUMENTS);
    }

    @Test
    void tailCallToAVariadicCallee() {
        refusedExits("tail_variadic", Refusal.TAIL_CALL_VARIADIC);
    }

    @Test
    void tailCallToACalleeWithoutPrototype() {
        refusedExits("tail_unknown", Refusal.TAIL_CALL_UNKNOWN_PROTOTYPE);
    }

    @Test
    void indirectTailCall() {
        refusedExits("tail_indirect", Refusal.INDIRECT_TAIL_CALL);
    }

    @Test
    void staticCallTailCall() {
        refusedExits("tail_static", Refusal.STATIC_CALL_TAIL);
    }

    @Test
    void interruptReturn() {
        refusedExits("irets", Refusal.INTERRUPT_RETURN);
    }

    @Test
    void returnPoppingArguments() {
        refusedExits("ret_pops", Refusal.RETURN_POPS_ARGUMENTS);
    }

    @Test
    void jumpIntoAnotherFunctionsBody() {
        refusedExits("foreign", Refusal.BRANCH_INTO_FOREIGN_CODE);
    }

    @Test
    void exitInsideAnAlternative() {
        refusedExits("patched_exit", Refusal.EXIT_IN_PATCHED_SITE);
    }

    // ---------------------------------------------------------------- refusals: cloning

    private static void refused(String function, Refusal expected) {
        Clone c = module(function);
        assertFalse(c.clonable(), function);
        assertEquals(expected, c.first(Refusal.Scope.CLONE).orElseThrow().refusal(), function + ": " + c.findings());
    }

    @Test
    void functionWithoutSize() {
        refused("no_size", Refusal.NO_SIZE);
    }

    @Test
    void undecodableInstruction() {
        refused("undecodable", Refusal.UNDECODABLE);
    }

    @Test
    void sizeEndingInsideAnInstruction() {
        refused("overrun", Refusal.DECODE_OVERRUN);
    }

    @Test
    void relocationNotAtAnOperand() {
        refused("misplaced", Refusal.RELOCATION_NOT_AT_OPERAND);
    }

    @Test
    void unsupportedRelocationType() {
        refused("pc64", Refusal.UNSUPPORTED_RELOCATION);
    }

    @Test
    void referenceToInitMemory() {
        refused("to_init", Refusal.REFERENCES_INIT_MEMORY);
    }

    @Test
    void referenceToAnUndefinedSymbol() {
        refused("to_nowhere", Refusal.REFERENCES_UNLOADED);
    }

    @Test
    void branchIntoAnInstruction() {
        refused("into_insn", Refusal.BRANCH_INTO_INSTRUCTION);
    }

    @Test
    void branchIntoTheEntryBytes() {
        refused("into_entry", Refusal.BRANCH_INTO_ENTRY);
    }

    @Test
    void interiorAddressInData() {
        refused("interior", Refusal.INTERIOR_ADDRESS_IN_DATA);
    }

    @Test
    void shortBranchWithoutA32BitForm() {
        refused("jrcxz_out", Refusal.SHORT_BRANCH_UNWIDENABLE);
    }

    @Test
    void fieldOutOfReach() {
        refused("far_abs", Refusal.OUT_OF_REACH);
    }

    @Test
    void tableEntryInsideAnInstruction() {
        refused("bad_extable", Refusal.TABLE_ENTRY_UNMAPPABLE);
    }

    @Test
    void alternativeReplacementReferringToInitMemory() {
        refused("alt_init", Refusal.ALTERNATIVE_UNSUPPORTED);
    }

    @Test
    void relocationTheBytesDoNotMatch(@TempDir Path copyDir) throws IOException {
        // Alter the displacement of mismatch's RIP-relative load in a copy of the image.
        long at = image.symbols("mismatch").get(0).address();
        ElfSection text = image.elf().section(".text").orElseThrow();
        Path copy = copyDir.resolve("vmlinux");
        byte[] bytes = Files.readAllBytes(dir.resolve("vmlinux"));
        int field = (int) (text.offset() + (at - text.address()) + 2);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(field, 0x1234);
        Files.write(copy, bytes);
        try (ElfKernelImage altered = ElfKernelImage.open(copy)) {
            CloneContext c2 = CloneContext.of(altered);
            CloneEngine e2 = new CloneEngine(c2, disassembler);
            Clone c = e2.clone(e2.functionAt(at).orElseThrow(), CloneOptions.forModule("exit_handler"));
            assertEquals(Refusal.RELOCATION_MISMATCH, c.first(Refusal.Scope.CLONE).orElseThrow().refusal(),
                    c.findings().toString());
        }
    }

    @Test
    void everyRefusalReasonHasACase() {
        // The cases above, by reason: a new constant without a case fails here.
        Map<Refusal, String> cases = Map.ofEntries(Map.entry(Refusal.NO_SIZE, "no_size"),
                Map.entry(Refusal.UNDECODABLE, "undecodable"), Map.entry(Refusal.DECODE_OVERRUN, "overrun"),
                Map.entry(Refusal.RELOCATION_NOT_AT_OPERAND, "misplaced"),
                Map.entry(Refusal.RELOCATION_MISMATCH, "mismatch (altered copy)"),
                Map.entry(Refusal.UNSUPPORTED_RELOCATION, "pc64"), Map.entry(Refusal.REFERENCES_INIT_MEMORY, "to_init"),
                Map.entry(Refusal.REFERENCES_UNLOADED, "to_nowhere"),
                Map.entry(Refusal.BRANCH_INTO_INSTRUCTION, "into_insn"), Map.entry(Refusal.BRANCH_INTO_ENTRY, "into_entry"),
                Map.entry(Refusal.INTERIOR_ADDRESS_IN_DATA, "interior"),
                Map.entry(Refusal.SHORT_BRANCH_UNWIDENABLE, "jrcxz_out"), Map.entry(Refusal.OUT_OF_REACH, "far_abs"),
                Map.entry(Refusal.TABLE_ENTRY_UNMAPPABLE, "bad_extable"),
                Map.entry(Refusal.ALTERNATIVE_UNSUPPORTED, "alt_init"),
                Map.entry(Refusal.TAIL_CALL_STACK_ARGUMENTS, "tail_stack"),
                Map.entry(Refusal.TAIL_CALL_UNKNOWN_PROTOTYPE, "tail_unknown"),
                Map.entry(Refusal.TAIL_CALL_VARIADIC, "tail_variadic"),
                Map.entry(Refusal.INDIRECT_TAIL_CALL, "tail_indirect"), Map.entry(Refusal.STATIC_CALL_TAIL, "tail_static"),
                Map.entry(Refusal.INTERRUPT_RETURN, "irets"), Map.entry(Refusal.BRANCH_INTO_FOREIGN_CODE, "foreign"),
                Map.entry(Refusal.RETURN_POPS_ARGUMENTS, "ret_pops"),
                Map.entry(Refusal.EXIT_IN_PATCHED_SITE, "patched_exit"));
        assertEquals(EnumSet.allOf(Refusal.class), cases.keySet().stream()
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Refusal.class))));
    }
}
