package org.dynamos.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.dynamos.check.PredicatesAreWellTyped;
import org.dynamos.check.ValueType;
import org.dynamos.diag.DiagnosticPrinter;
import org.dynamos.diag.Diagnostics;
import org.dynamos.syntax.BinaryOp;
import org.dynamos.syntax.Expr;
import org.dynamos.syntax.KnobDecl;
import org.dynamos.syntax.Parser;
import org.dynamos.syntax.ReplaceDecl;
import org.dynamos.syntax.SourceFile;
import org.dynamos.syntax.Update;
import org.dynamos.syntax.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C that {@link PredicateEmitter} generates computes what docs/language.md
 * says a predicate means: compiled with gcc in user space (the kernel helpers
 * stubbed) and run on many values, it agrees with a reference evaluator
 * written from the definition — integers compare by their mathematical
 * values, {@code &} and {@code |} act on unbounded two's complement, and
 * outside task context a comparison reading {@code current.*} is unknown
 * (three-valued logic), while knobs and {@code cpu} are still read.
 */
class PredicateSemanticsTest {
    static final List<String> TYPES = List.of("u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64");
    static final List<String> COMPARISONS = List.of("<", "<=", ">", ">=", "==", "!=");

    @TempDir
    Path dir;

    /** A test environment: the task context flag, the task, the CPU and every knob's value. */
    record Env(boolean task, long cpu, long uid, long pid, String comm, Map<String, BigInteger> knobs) {
    }

    @Test
    void integerComparisonsAreMathematicalWhateverTheTypes() throws Exception {
        List<String> predicates = new ArrayList<>();
        for (String a : TYPES) {
            for (String b : TYPES) {
                for (String op : COMPARISONS) {
                    predicates.add("knob.a_" + a + " " + op + " knob.b_" + b);
                }
                predicates.add("knob.a_" + a + " & knob.b_" + b + " == knob.c_s64");
                predicates.add("knob.a_" + a + " & knob.b_" + b + " < knob.c_u64");
                if (!(a.equals("u64") && b.startsWith("s") || b.equals("u64") && a.startsWith("s"))) {
                    predicates.add("knob.a_" + a + " | knob.b_" + b + " < knob.c_s64");
                    predicates.add("knob.a_" + a + " | knob.b_" + b + " >= knob.c_u32");
                }
            }
            predicates.add("knob.a_" + a + " < 1 && knob.a_" + a + " >= 0");
            predicates.add("cpu < knob.a_" + a);
        }
        // the example: a signed knob below an unsigned value
        predicates.add("knob.lim < knob.b_u32");
        predicates.add("current.uid > knob.lim");
        assertAgree(predicates, 400);
    }

    @Test
    void currentComparisonsAreUnknownOutsideTaskContext() throws Exception {
        List<String> predicates = List.of(
                "!(current.comm == \"x\") || knob.flag",
                "!(current.comm == \"x\")",
                "current.comm != \"x\"",
                "!(current.uid == 0)",
                "current.uid != 0",
                "!!(current.uid == 0)",
                "current.pid > 1 && knob.flag",
                "!(current.pid > 1 && knob.flag)",
                "!(current.pid > 1 || knob.flag)",
                "!(!(current.uid == 0) && !knob.flag)",
                "cpu == 0 || current.uid == 0",
                "knob.flag && !(current.comm == \"x\" || cpu == 1)",
                "knob.flag",
                "cpu == 1",
                "!(cpu == 1)");
        assertAgree(predicates, 200);
    }

    /** The E0405 case: no 64-bit type holds every result of u64 | s32. */
    @Test
    void anOrOfU64AndASignedTypeIsRefused() {
        Update u = parse(List.of("knob.a_u64 | knob.b_s32 == 0"));
        Diagnostics d = new Diagnostics();
        PredicatesAreWellTyped.check(u.replaces().get(0).versions().get(0).predicate().orElseThrow(), u,
                (a, out) -> ValueType.UNKNOWN, d);
        assertTrue(d.sorted().stream().map(DiagnosticPrinter::render).anyMatch(s -> s.contains("error[E0405]")),
                d.sorted().toString());
    }

    static Update parse(List<String> predicates) {
        StringBuilder s = new StringBuilder("update t {\n    source \"t.c\";\n    knob flag: bool;\n"
                + "    knob lim: s32 = -1;\n");
        for (String t : TYPES) {
            for (String k : List.of("a", "b", "c")) {
                s.append("    knob ").append(k).append('_').append(t).append(": ").append(t).append(";\n");
            }
        }
        for (int i = 0; i < predicates.size(); i++) {
            s.append("    replace f").append(i).append(" with g").append(i).append(" when ")
                    .append(predicates.get(i)).append(";\n");
        }
        var r = Parser.parse(new SourceFile(Path.of("t.dyn"), s.append("}\n").toString()));
        assertEquals(List.of(), r.diagnostics());
        return r.script().updates().get(0);
    }

    private void assertAgree(List<String> predicates, int rows) throws IOException, InterruptedException {
        Update u = parse(predicates);
        List<Expr> exprs = new ArrayList<>();
        for (ReplaceDecl r : u.replaces()) {
            Expr p = r.versions().get(0).predicate().orElseThrow();
            Diagnostics d = new Diagnostics();
            PredicatesAreWellTyped.check(p, u, (a, out) -> ValueType.UNKNOWN, d);
            assertEquals(List.of(), d.sorted(), p.toString());
            exprs.add(p);
        }
        PredicateEmitter emitter = new PredicateEmitter(u.knobs(), Map.of());
        StringBuilder c = new StringBuilder(HARNESS.replace("NKNOBS", String.valueOf(u.knobs().size())));
        for (int i = 0; i < exprs.size(); i++) {
            c.append("static bool p").append(i).append("(const struct dynamos_call *call)\n{\n\treturn ")
                    .append(emitter.emit(exprs.get(i))).append(";\n}\n");
        }
        c.append("static bool (*const preds[])(const struct dynamos_call *) = {");
        for (int i = 0; i < exprs.size(); i++) {
            c.append(i == 0 ? "" : ", ").append('p').append(i);
        }
        c.append("};\n").append(MAIN);
        Path src = dir.resolve("preds.c");
        Files.writeString(src, c.toString());
        Path exe = dir.resolve("preds");
        run(List.of("gcc", "-O2", "-Wall", "-Werror", "-Wno-unused-function", "-o", exe.toString(), src.toString()), "");

        Random random = new Random(12);
        List<Env> envs = new ArrayList<>();
        StringBuilder input = new StringBuilder();
        for (int row = 0; row < rows; row++) {
            Env env = randomEnv(u.knobs(), random, row);
            envs.add(env);
            input.append(env.task() ? 1 : 0).append(' ').append(env.cpu()).append(' ').append(env.uid()).append(' ')
                    .append(env.pid()).append(' ').append(env.comm());
            for (KnobDecl k : u.knobs()) {
                input.append(' ').append(env.knobs().get(k.name().text()).longValue());
            }
            input.append('\n');
        }
        List<String> out = run(List.of(exe.toString()), input.toString()).lines().toList();
        assertEquals(rows, out.size());
        List<String> wrong = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            for (int i = 0; i < exprs.size(); i++) {
                Boolean expected = condition(exprs.get(i), envs.get(row), u);
                boolean holds = Boolean.TRUE.equals(expected);
                if ((out.get(row).charAt(i) == '1') != holds) {
                    wrong.add(exprs.get(i) + " with " + envs.get(row) + ": C says " + out.get(row).charAt(i)
                            + ", the definition " + expected + "\n  C: " + emitter.emit(exprs.get(i)));
                }
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())), wrong.size() + " disagreements");
    }

    private static Env randomEnv(List<KnobDecl> knobs, Random random, int row) {
        Map<String, BigInteger> values = new java.util.HashMap<>();
        for (KnobDecl k : knobs) {
            ValueType t = ValueType.named(k.type().text()).orElseThrow();
            BigInteger v;
            if (t == ValueType.BOOL) {
                v = BigInteger.valueOf(random.nextInt(2));
            } else {
                List<BigInteger> interesting = List.of(t.min(), t.max(), BigInteger.ZERO, BigInteger.ONE,
                        t.isSigned() ? BigInteger.ONE.negate() : BigInteger.TWO, t.max().shiftRight(1),
                        t.min().shiftRight(1), t.max().subtract(BigInteger.ONE));
                v = random.nextInt(4) == 0 ? new BigInteger(t.bits(), random).add(t.min()).min(t.max())
                        : interesting.get(random.nextInt(interesting.size()));
            }
            values.put(k.name().text(), v);
        }
        String[] comms = {"x", "y", "sh"};
        return new Env(row % 2 == 0, random.nextInt(3), random.nextInt(3) == 0 ? 0 : random.nextInt(70000),
                random.nextInt(3), comms[random.nextInt(3)], values);
    }

    /** The definition: a condition is true, false, or unknown ({@code null}). */
    static Boolean condition(Expr e, Env env, Update u) {
        if (e instanceof Expr.Not n) {
            Boolean b = condition(n.operand(), env, u);
            return b == null ? null : !b;
        }
        if (e instanceof Expr.Binary b && b.op().isLogical()) {
            Boolean l = condition(b.left(), env, u);
            Boolean r = condition(b.right(), env, u);
            if (b.op() == BinaryOp.AND) {
                return Boolean.FALSE.equals(l) || Boolean.FALSE.equals(r) ? Boolean.FALSE
                        : l == null || r == null ? null : Boolean.TRUE;
            }
            return Boolean.TRUE.equals(l) || Boolean.TRUE.equals(r) ? Boolean.TRUE
                    : l == null || r == null ? null : Boolean.FALSE;
        }
        if (e instanceof Expr.Binary b) { // a comparison
            if (!env.task() && mentionsCurrent(b)) {
                return null;
            }
            Object l = value(b.left(), env);
            Object r = value(b.right(), env);
            int c = l instanceof BigInteger li ? li.compareTo((BigInteger) r) : l.equals(r) ? 0 : 1;
            return switch (b.op()) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                default -> throw new IllegalStateException();
            };
        }
        return (Boolean) value(e, env);
    }

    static boolean mentionsCurrent(Expr e) {
        return e instanceof Expr.Ref r ? r.root().text().equals("current")
                : e instanceof Expr.Binary b ? mentionsCurrent(b.left()) || mentionsCurrent(b.right())
                : e instanceof Expr.Not n && mentionsCurrent(n.operand());
    }

    static Object value(Expr e, Env env) {
        if (e instanceof Expr.Literal l) {
            Value v = l.value();
            return v instanceof Value.Int i ? i.value() : v instanceof Value.Str s ? s.value() : ((Value.Bool) v).value();
        }
        if (e instanceof Expr.Binary b) {
            BigInteger l = (BigInteger) value(b.left(), env);
            BigInteger r = (BigInteger) value(b.right(), env);
            return b.op() == BinaryOp.BIT_AND ? l.and(r) : l.or(r); // BigInteger: unbounded two's complement
        }
        Expr.Ref r = (Expr.Ref) e;
        return switch (r.root().text()) {
            case "cpu" -> BigInteger.valueOf(env.cpu());
            case "current" -> switch (r.path().get(1).text()) {
                case "uid" -> BigInteger.valueOf(env.uid());
                case "pid" -> BigInteger.valueOf(env.pid());
                case "comm" -> env.comm();
                default -> throw new IllegalStateException(r.toString());
            };
            default -> {
                BigInteger v = env.knobs().get(r.path().get(1).text());
                yield r.path().get(1).text().equals("flag") ? (Object) (v.signum() != 0) : v;
            }
        };
    }

    private static String run(List<String> cmd, String input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    /** The kernel helpers of update.h the predicates use, stubbed; reading current outside a task aborts. */
    static final String HARNESS = """
            #include <stdbool.h>
            #include <stdint.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            typedef uint8_t u8; typedef uint16_t u16; typedef uint32_t u32; typedef uint64_t u64;
            typedef int8_t s8; typedef int16_t s16; typedef int32_t s32; typedef int64_t s64;
            struct dynamos_call { unsigned long args[6]; };
            struct dynamos_knob { u64 value; };
            static struct dynamos_knob knobs[NKNOBS];
            #define dynamos_knob_read(k) ((k)->value)
            static int task, cpu;
            static u32 uid;
            static s32 pid;
            static char comm[16];
            #define in_task() task
            #define raw_smp_processor_id() cpu
            static u32 dynamos_current_uid(void) { if (!task) abort(); return uid; }
            static s32 dynamos_current_pid(void) { if (!task) abort(); return pid; }
            static bool dynamos_current_comm_is(const char *name) { if (!task) abort(); return !strcmp(comm, name); }
            """;
    static final String MAIN = """
            int main(void)
            {
            	struct dynamos_call call = { { 0 } };
            	unsigned int i;

            	while (scanf("%d %d %u %d %15s", &task, &cpu, &uid, &pid, comm) == 5) {
            		for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++)
            			if (scanf("%lld", (long long *)&knobs[i].value) != 1)
            				return 2;
            		for (i = 0; i < sizeof(preds) / sizeof(preds[0]); i++)
            			putchar(preds[i](&call) ? '1' : '0');
            		putchar('\\n');
            	}
            	return 0;
            }
            """;
}
