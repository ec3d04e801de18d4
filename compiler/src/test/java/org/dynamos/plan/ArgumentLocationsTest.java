package org.dynamos.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.approvaltests.Approvals;
import org.dynamos.check.PredicateArgumentsMatchPrototype;
import org.dynamos.diag.DiagnosticPrinter;
import org.dynamos.diag.Diagnostics;
import org.dynamos.image.KernelImage;
import org.dynamos.image.btf.ArrayType;
import org.dynamos.image.btf.CType;
import org.dynamos.image.btf.FloatType;
import org.dynamos.image.btf.FunctionPrototype;
import org.dynamos.image.btf.FunctionType;
import org.dynamos.image.btf.IntType;
import org.dynamos.image.btf.Parameter;
import org.dynamos.image.btf.PointerType;
import org.dynamos.image.btf.StructRef;
import org.dynamos.image.btf.StructType;
import org.dynamos.image.btf.TypedefType;
import org.dynamos.image.btf.VoidType;
import org.dynamos.syntax.Parser;
import org.dynamos.syntax.SourceFile;
import org.dynamos.syntax.Update;
import org.junit.jupiter.api.Test;

/** The x86-64 System V classification of arguments, on prototypes made up for each rule. */
class ArgumentLocationsTest {
    static final CType INT = new IntType("int", 4, true);
    static final CType LONG = new IntType("long", 8, true);
    static final CType BOOL = new IntType("_Bool", 1, false);
    static final CType INT128 = new IntType("__int128", 16, true);
    static final CType DOUBLE = new FloatType("double", 8);
    static final CType LONG_DOUBLE = new FloatType("long double", 16);
    static final CType PTR = new PointerType(new VoidType());
    /** sockptr_t: a pointer and a one-bit bool, 16 bytes. */
    static final CType SOCKPTR = new TypedefType("sockptr_t", new StructType("", false, 16, List.of(
            new StructType.Field("kernel", PTR, 0, 0), new StructType.Field("is_kernel", BOOL, 64, 1))));
    static final CType BIG = new StructRef(false, "big");
    static final StructType BIG_DEF = new StructType("big", false, 24, List.of(
            new StructType.Field("a", LONG, 0, 0), new StructType.Field("b", LONG, 64, 0),
            new StructType.Field("c", LONG, 128, 0)));
    static final CType MIXED = new StructType("mixed", false, 16, List.of(
            new StructType.Field("d", DOUBLE, 0, 0), new StructType.Field("l", LONG, 64, 0)));
    static final CType PACKED = new StructType("packed", false, 12, List.of(
            new StructType.Field("c", new IntType("char", 1, true), 0, 0), new StructType.Field("l", LONG, 8, 0)));
    static final CType EMPTY = new StructType("empty", false, 0, List.of());
    static final CType CHARS = new StructType("chars", false, 12, List.of(
            new StructType.Field("c", new ArrayType(new IntType("char", 1, true), 12), 0, 0)));

    static List<String> locations(CType ret, CType... params) {
        List<Parameter> ps = new java.util.ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            ps.add(new Parameter("p" + i, params[i]));
        }
        var proto = new FunctionPrototype("f", new FunctionType(ret, ps, false));
        return ArgumentLocations.of(proto, r -> r.name().equals("big") ? Optional.of(BIG_DEF) : Optional.empty())
                .stream().map(ArgumentLocationsTest::show).toList();
    }

    static String show(ArgumentLocations.Location l) {
        if (l instanceof ArgumentLocations.InRegisters r) {
            return r.names();
        }
        return l.getClass().getSimpleName();
    }

    @Test
    void scalarsTakeOneRegisterEachInOrder() {
        assertEquals(List.of("rdi", "rsi", "rdx", "rcx", "r8", "r9", "OnStack"),
                locations(INT, PTR, INT, BOOL, LONG, INT, PTR, INT));
    }

    @Test
    void aSixteenByteStructTakesTwoRegistersAndMovesEveryLaterArgument() {
        // sock_setsockopt(sock, level, optname, optval, optlen)
        assertEquals(List.of("rdi", "rsi", "rdx", "rcx:r8", "r9"), locations(INT, PTR, INT, INT, SOCKPTR, INT));
        assertEquals(List.of("rdi:rsi", "rdx"), locations(INT, INT128, INT));
        assertEquals(List.of("rdi:rsi", "rdx"), locations(INT, CHARS, INT));
    }

    @Test
    void whatNoLongerFitsGoesOnTheStackAndASmallerLaterArgumentStillTakesTheRegisterLeft() {
        // sk_getsockopt(sk, level, optname, optval, optlen): optlen needs two, one is left
        assertEquals(List.of("rdi", "rsi", "rdx", "rcx:r8", "OnStack", "r9"),
                locations(INT, PTR, INT, INT, SOCKPTR, SOCKPTR, INT));
    }

    @Test
    void largeUnalignedAndX87ValuesGoOnTheStack() {
        assertEquals(List.of("rdi", "OnStack", "rsi"), locations(VOID, PTR, BIG, INT));
        assertEquals(List.of("OnStack", "rdi"), locations(VOID, PACKED, INT));
        assertEquals(List.of("OnStack", "rdi"), locations(VOID, LONG_DOUBLE, INT));
        assertEquals(List.of("Nowhere", "rdi"), locations(VOID, EMPTY, INT));
    }

    @Test
    void aReturnedStructOfMoreThanSixteenBytesTakesRdiFirst() {
        assertEquals(List.of("rsi", "rdx"), locations(BIG, LONG, INT));
        assertEquals(List.of("rdi", "rsi"), locations(SOCKPTR, LONG, INT)); // returned in rax:rdx
    }

    @Test
    void floatingPointValuesTakeSseRegistersNotIntegerOnes() {
        assertEquals(List.of("InSseRegisters", "rdi", "InSseRegisters", "rdx"),
                locations(INT, DOUBLE, INT, MIXED, INT));
    }

    static final CType VOID = new VoidType();

    /** E0416: an argument in an SSE register, with a stub image that has the prototype. */
    @Test
    void aPredicateOnAFloatingPointArgumentIsRefused() {
        var proto = new FunctionPrototype("scale", new FunctionType(INT, List.of(new Parameter("dev", PTR),
                new Parameter("factor", DOUBLE), new Parameter("mode", MIXED), new Parameter("flags", INT)), false));
        KernelImage image = (KernelImage) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KernelImage.class}, (p, m, args) -> switch (m.getName()) {
                    case "prototype" -> args[0].equals("scale") ? Optional.of(proto) : Optional.empty();
                    case "struct" -> Optional.empty();
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        String script = """
                update u {
                    source "ok.c";
                    replace scale with scale_v2 when arg.factor > 1 || arg.mode.l == 0 || arg.flags == 2;
                }
                """;
        var parsed = Parser.parse(new SourceFile(Path.of("e0416.dyn"), script));
        Update u = parsed.script().updates().get(0);
        Diagnostics d = new Diagnostics();
        Map<org.dynamos.syntax.Span, ArgumentAccess> accesses = new HashMap<>();
        PredicateArgumentsMatchPrototype.check(u, "scale", List.of(u.replaces().get(0).versions().get(0).predicate()
                .orElseThrow()), image, accesses, d);
        assertEquals(List.of("((s32)call->args[2])"), accesses.values().stream().map(ArgumentAccess::expression).toList(),
                "flags, after the double and the mixed struct, is in rdx: the struct took rsi for its long");
        Approvals.verify(d.sorted().stream().map(DiagnosticPrinter::render).collect(Collectors.joining("\n")));
    }
}
