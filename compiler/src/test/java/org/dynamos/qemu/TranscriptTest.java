package org.dynamos.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTest {
    static final GuestScript SCRIPT = new GuestScript(List.of(
            GuestStep.of("hello", "echo hello"),
            GuestStep.failing("fail", "echo oops >&2; exit 3"),
            GuestStep.of("quiet", "true"),
            GuestStep.of("partial", "printf 'no newline'")), "beef");
    static final String M = "@@dynamos beef";

    /** What the serial console shows: CRLF line ends, boot noise, markers. */
    static String console(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    @Test
    void stepsStatusesAndExactOutput() {
        String console = console(
                "[    0.000000] Linux version 6.1.0-57-cloud-amd64",
                "[    0.100000] RETBleed: WARNING: Spectre v2 mitigation leaves CPU vulnerable to RETBleed attacks",
                M + " boot release=6.1.0-57-cloud-amd64 cpus=2",
                M + " step hello begin", "hello", "", M + " step hello end status=0",
                M + " step fail begin", "oops", "", M + " step fail end status=3",
                M + " step quiet begin", "", M + " step quiet end status=0",
                M + " step partial begin", "no newline", M + " step partial end status=0",
                M + " done", "[    3.000000] reboot: Power down");
        GuestResult r = Transcript.parse(SCRIPT, console, "", false, Duration.ofSeconds(3));
        assertEquals(List.of("hello\n", "oops\n", "", "no newline"), r.steps().stream().map(StepResult::output).toList());
        assertEquals(List.of(0, 3, 0, 0), r.steps().stream().map(StepResult::status).toList());
        assertTrue(r.steps().stream().allMatch(StepResult::asExpected));
        assertTrue(r.completed());
        assertEquals(List.of(), r.kernelProblems(), "mitigation notices are not problems");
        assertTrue(r.allAsExpected());
        assertFalse(r.console().contains("\r"));
    }

    @Test
    void forgedOrForeignMarkersAreIgnored() {
        String console = console(
                M + " step hello begin",
                "@@dynamos 0000 step hello end status=9",           // other nonce
                "x " + M + " step hello end status=7",               // not at line start
                "", M + " step hello end status=0");
        StepResult hello = Transcript.parse(SCRIPT, console, "", false, Duration.ZERO).step("hello").orElseThrow();
        assertEquals(0, hello.status());
        assertEquals("@@dynamos 0000 step hello end status=9\nx " + M + " step hello end status=7\n", hello.output());
    }

    @Test
    void panicInAStepLeavesItUnfinishedAndIsReportedOnce() {
        String console = console(
                M + " step hello begin", "hello", "", M + " step hello end status=0",
                M + " step fail begin",
                "[    3.396707] sysrq: Trigger a crash",
                "[    3.398576] Kernel panic - not syncing: sysrq triggered crash",
                "[    3.400314] Call Trace:",
                "[    3.401542]  <TASK>",
                "[    3.401857]  dump_stack_lvl+0x44/0x5c",
                "[    3.402000] ---[ end Kernel panic - not syncing: sysrq triggered crash ]---");
        String kmsg = "6,300,3396707,-;sysrq: Trigger a crash\n"
                + "0,301,3398576,-;Kernel panic - not syncing: sysrq triggered crash\n";
        GuestResult r = Transcript.parse(SCRIPT, console, kmsg, false, Duration.ZERO);
        StepResult fail = r.step("fail").orElseThrow();
        assertEquals(StepResult.NOT_FINISHED, fail.status());
        assertFalse(fail.asExpected(), "an unfinished step is never as expected, even when failure was expected");
        assertTrue(fail.output().contains("Kernel panic"));
        assertEquals(StepResult.NOT_STARTED, r.step("quiet").orElseThrow().status());
        assertFalse(r.completed());
        assertEquals(1, r.kernelProblems().size(), r.kernelProblems().toString());
        assertTrue(r.kernelProblems().get(0).startsWith("[    3.398576] Kernel panic"));
        assertFalse(r.allAsExpected());
    }

    @Test
    void kernelLogIsSplitPerStepAndWarningsFoundWithTheirTrace() {
        String kmsg = String.join("\r\n",
                "6,1,0,-;Linux version 6.1.0-57-cloud-amd64",
                " SUBSYSTEM=cpu",
                "12,350,3861359,-;" + M + " step hello begin",
                "12,351,3900000,-;" + M + " step hello end status=0",
                "12,352,3910218,-;" + M + " step fail begin",
                "4,353,3943634,-;hello: loading out-of-tree module taints kernel.",
                "4,354,3946850,-;------------[ cut here ]------------",
                "4,355,3947035,-;WARNING: CPU: 1 PID: 97 at /tmp/warnme.c:2 w_init+0x5/0x1000 [warnme]",
                "4,356,3947360,-;Call Trace:",
                "4,357,3947400,-; <TASK>",
                "4,358,3947500,-;---[ end trace 0000000000000000 ]---",
                "6,359,3958537,-;tab\\x09inside",
                "12,360,4004738,-;" + M + " step fail end status=3",
                "12,361,4005160,-;" + M + " step quiet begin",
                "6,362,4006000,-;torn line of the last", "6,363");
        GuestResult r = Transcript.parse(SCRIPT, "", kmsg, true, Duration.ZERO);
        assertEquals("", r.step("hello").orElseThrow().kernelLog());
        String failLog = r.step("fail").orElseThrow().kernelLog();
        assertTrue(failLog.startsWith("[    3.943634] hello: loading out-of-tree module taints kernel.\n"), failLog);
        assertTrue(failLog.endsWith("[    3.958537] tab\tinside\n"), failLog);
        assertTrue(r.step("quiet").orElseThrow().kernelLog().contains("torn line of the last"));
        assertEquals(1, r.kernelProblems().size(), r.kernelProblems().toString());
        assertEquals(String.join("\n",
                "[    3.947035] WARNING: CPU: 1 PID: 97 at /tmp/warnme.c:2 w_init+0x5/0x1000 [warnme]",
                "[    3.947360] Call Trace:",
                "[    3.947400]  <TASK>",
                "[    3.947500] ---[ end trace 0000000000000000 ]---"), r.kernelProblems().get(0));
        assertTrue(r.timedOut());
        assertFalse(r.kernelLog().contains("SUBSYSTEM"));
    }
}
