package org.dynamos.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parser builds the AST with spans, and survives any input. */
class ParserTest {

    static Parser.Result parse(String text) {
        return Parser.parse(new SourceFile(Path.of("t.dyn"), text));
    }

    @Test
    void buildsUpdatesWithSourcesAndReplacesAndTheirSpans() {
        Parser.Result r = parse("""
                // comment
                update cmdline_hello {
                    source "hello.c"; /* block
                    comment */ source "more.c";
                    replace cmdline_proc_show with cmdline_proc_show_v2;
                    replace "fs/proc/stat.c":show_stat with show_stat_v2;
                }
                """);
        assertEquals(List.of(), r.diagnostics());
        Update u = r.script().updates().get(0);
        assertEquals("cmdline_hello", u.name().text());
        assertEquals(List.of("hello.c", "more.c"), u.sources().stream().map(SourceDecl::path).toList());
        ReplaceDecl first = u.replaces().get(0);
        assertEquals("cmdline_proc_show", first.target().name().text());
        assertEquals(Optional.empty(), first.target().unit());
        assertEquals("cmdline_proc_show_v2", first.replacement().text());
        Span s = first.target().name().span();
        assertEquals(List.of(5, 13, 5, 30), List.of(s.line(), s.column(), s.endLine(), s.endColumn()));
        ReplaceDecl second = u.replaces().get(1);
        assertEquals(Optional.of("fs/proc/stat.c"), second.target().unit());
        assertEquals("\"fs/proc/stat.c\":show_stat", second.target().toString());
        assertEquals(2, u.span().line());
        assertEquals(7, u.span().endLine());
    }

    @Test
    void aReferenceMayNameItsLoadableModule() {
        Parser.Result r = parse("""
                update u {
                    source "a.c";
                    bind enabled: int = binfmt_misc:enabled;
                    replace binfmt_misc:bm_status_read with v;
                    replace kvm:"arch/x86/kvm/x86.c":kvm_arch_f with w;
                    monitor xfs:xfs_stats_format;
                }
                """);
        assertEquals(List.of(), r.diagnostics());
        Update u = r.script().updates().get(0);
        FunctionRef first = u.replaces().get(0).target();
        assertEquals(Optional.of("binfmt_misc"), first.module());
        assertEquals(Optional.empty(), first.unit());
        assertEquals("bm_status_read", first.name().text());
        assertEquals("binfmt_misc:bm_status_read", first.toString());
        Span s = first.name().span();
        assertEquals(List.of(4, 25, 4, 39), List.of(s.line(), s.column(), s.endLine(), s.endColumn()));
        FunctionRef second = u.replaces().get(1).target();
        assertEquals("kvm:\"arch/x86/kvm/x86.c\":kvm_arch_f", second.toString());
        assertEquals(Optional.of("binfmt_misc"), u.binds().get(0).target().module());
        assertEquals("enabled", u.binds().get(0).variable());
        assertTrue(u.bodies().get(0).monitors().get(0).functions().get(0).inModule());
        assertFalse(parse("update u { replace cmdline_proc_show with v; }").script().updates().get(0).replaces()
                .get(0).target().inModule());
    }

    @Test
    void stringEscapesAreDecoded() {
        Parser.Result r = parse("update u { source \"a\\\"b\\\\c.c\"; }");
        assertEquals("a\"b\\c.c", r.script().updates().get(0).sources().get(0).path());
    }

    @Test
    void recoversToReportSeveralErrors() {
        Parser.Result r = parse("update u { source \"a.c\" replace x with; }\nupdate v { replace with y; }");
        assertTrue(r.diagnostics().size() >= 3, r.diagnostics().toString());
        assertTrue(r.diagnostics().stream().allMatch(d -> d.code().equals("E0001")));
    }

    @Test
    void deepAndHugeInputsGiveDiagnosticsNotCrashes() {
        String deep = "update u {" + "{".repeat(100_000);
        assertFalse(parse(deep).diagnostics().isEmpty());
        String huge = "update u { source \"a.c\";\n" + "    replace f with g;\n".repeat(50_000) + "}\n";
        Parser.Result r = parse(huge);
        assertEquals(List.of(), r.diagnostics());
        assertEquals(50_000, r.script().updates().get(0).replaces().size());
    }

    /** Random token soups and random bytes: the parser never throws. */
    @Test
    void neverThrowsOnRandomInput() {
        String[] pieces = {"update", "source", "replace", "with", "{", "}", ";", ":", "\"s.c\"", "\"open", "/*",
            "*/", "//", "name", "x.isra.0", "\n", " ", "$", "\u00e9", "\0"};
        Random random = new Random(42);
        for (int i = 0; i < 3_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(40);
            for (int j = 0; j < n; j++) {
                b.append(pieces[random.nextInt(pieces.length)]).append(random.nextBoolean() ? " " : "");
            }
            parse(b.toString());
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            parse(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }
}
