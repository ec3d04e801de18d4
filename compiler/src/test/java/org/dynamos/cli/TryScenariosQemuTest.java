package org.dynamos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dynamos try} for safe-point scenarios, run as a user runs it (its own JVM, another
 * working directory, relative paths): {@code --setup} keeps a reader blocked in
 * {@code pipe_read}, so the quiescent enable of examples/quiescent-fifo must fail
 * ({@code --expect-enable-failure}) naming the reader; the same expectation without the reader
 * fails the run; {@code --shell} gives a shell on the guest's console, driven here through stdin.
 */
@Tag("qemu")
class TryScenariosQemuTest {
    static final String SCRIPT = "../ex/quiescent-fifo/quiescent-fifo.dyn";
    static final String SETUP = "mkfifo /tmp/f; sleep 1000 > /tmp/f & cat /tmp/f";
    static final String RUN = "echo hello | cat; cat /sys/kernel/dynamos/quiescent_fifo/functions/pipe_read/versions";

    Path cwd;

    @BeforeEach
    void workspace(@TempDir Path dir) throws Exception {
        cwd = RelativePathsTest.workspace(dir);
    }

    /**
     * examples/EXAMPLE's one README {@code try} line, run from the workspace as written, the script
     * reached through {@code ../ex}.
     */
    private RelativePathsTest.Run runReadmeCommand(String example) throws Exception {
        List<List<String>> commands = ExamplesQemuTest.tryCommands(
                RelativePathsTest.EXAMPLES.resolve(example + "/README.md"));
        assertEquals(1, commands.size());
        List<String> args = new ArrayList<>(commands.get(0).subList(1, commands.get(0).size()));
        args.set(1, "../ex/" + example + "/" + example + ".dyn");
        return RelativePathsTest.run(cwd, args.toArray(String[]::new));
    }

    @Test
    void aBlockedReaderFromSetupMakesTheEnableFailAsExpected() throws Exception {
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", SCRIPT, "-o", "out",
                "--setup", SETUP, "--expect-enable-failure", "--run", RUN);
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("== starting the setup commands\nsetup commands running in the background"), r.out());
        assertTrue(r.out().contains("== enabling (failed, as expected)"), r.out());
        assertTrue(r.out().contains("quiescent_fifo: the enable failed as expected; enabled reads 0"), r.out());
        assertTrue(r.out().matches("(?s).*kernel: dynamos: quiescent_fifo: enable: task \\d+ \\(cat\\) is executing pipe_read\\+0x.*"),
                "the log names the blocked reader: " + r.out());
        assertTrue(r.out().matches("(?s).*== after enabling\nhello\npipe_read_counted 0\n.*"),
                "calls still run the original: " + r.out());
        assertTrue(r.out().contains("== stopping the setup commands\nsetup commands stopped; their output:\n"), r.out());
        assertTrue(r.out().contains("try: enabling quiescent_fifo failed as expected"), r.out());
    }

    /**
     * examples/shadow-newpid: tasks created after the enable carry a value, older ones none; 2,000
     * short-lived processes leave only the values of tasks still alive; the revert frees the rest.
     */
    @Test
    void shadowValuesAreFreedWithTheirTasksAndAtRevert() throws Exception {
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", "../ex/shadow-newpid/shadow-newpid.dyn", "-o", "out",
                "--run", "sleep 1 & grep newpid /proc/$!/status; grep -c newpid /proc/1/status; "
                        + "i=0; while [ $i -lt 2000 ]; do /bin/true; i=$((i+1)); done; "
                        + "cat /sys/kernel/dynamos/shadow_newpid/shadows/task_struct.newpid");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("== before enabling\n0\nlive 0 allocated 0 freed-with-object 0 freed-at-revert 0 failed 0 "
                        + "handed-over 0 taken-over 0\n"),
                r.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("== after enabling\nnewpid:\t\\d+\n0\n"
                + "live (\\d+) allocated (\\d+) freed-with-object (\\d+) freed-at-revert 0 failed 0 handed-over 0 taken-over 0\n")
                .matcher(r.out());
        assertTrue(m.find(), "a new task has a value, init none: " + r.out());
        long live = Long.parseLong(m.group(1));
        long allocated = Long.parseLong(m.group(2));
        long freed = Long.parseLong(m.group(3));
        assertTrue(allocated >= 2001, "one value per new task: " + allocated);
        assertTrue(live < 50 && freed == allocated - live, "values go with their tasks: live " + live + ", freed " + freed);
        assertTrue(r.out().matches("(?s).*== after disabling\n0\nlive 0 allocated \\d+ freed-with-object \\d+ "
                + "freed-at-revert [1-9]\\d* failed 0 handed-over 0 taken-over 0\n.*"), "the revert frees the rest: " + r.out());
    }

    /**
     * examples/cumulative-fix: cmdline_fix_v2 takes over from cmdline_fix_v1 while a reader loops
     * on /proc/cmdline from the moment v1 is on: every read runs v1 or v2, never neither; the
     * function v2 drops returns to the kernel's code; disabling v2 leaves the kernel as before both.
     */
    @Test
    void aCumulativeUpdateTakesOverWithoutAGap() throws Exception {
        String d = "/sys/kernel/dynamos/";
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", "../ex/cumulative-fix/cumulative-fix.dyn", "-o", "out",
                "--setup", "while [ \"$(cat " + d + "cmdline_fix_v1/enabled)\" != 1 ]; do :; done; n=0; "
                        + "while [ \"$(cat " + d + "cmdline_fix_v2/enabled)\" != 1 ] || [ $n -lt 100 ]; do "
                        + "head -c 9 /proc/cmdline; echo; n=$((n+1)); done > /tmp/reads",
                "--run", "head -c 9 /proc/version; echo; cat " + d + "*/enabled; sort /tmp/reads | uniq -c");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("cmdline_fix_v2: took over from cmdline_fix_v1, which is reverted"), r.out());
        assertTrue(r.out().matches("(?s).*== after enabling\nLinux ver\n0\n1\n( +\\d+ \\[fix v1\\] \n)? +\\d+ \\[fix v2\\] \n== .*"),
                "v1's other function back to the kernel's, only v1 and v2 ever read: " + r.out());
        assertTrue(r.out().matches("(?s).*== after disabling\nLinux ver\n0\n0\n.*"), r.out());
    }

    /**
     * examples/shadow-handover: a task started under tag_v1 gets a shadow tag; tag_v2, which
     * replaces tag_v1 and declares the same field, takes over while a reader loops on the task's
     * status: every read shows the tag (by v1, then by v2), never none. Once v1 has drained its
     * values are v2's (handed-over = taken-over); reverting v2 frees every value, and the counts
     * add up: nothing leaks.
     */
    @Test
    void aCumulativeUpdateInheritsTheShadowValuesOfTheOneItReplaces() throws Exception {
        String d = "/sys/kernel/dynamos/";
        String read = "t=$(grep tag /proc/$p/status); echo \"${t:-none}\"; ";
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", "../ex/shadow-handover/shadow-handover.dyn",
                "-o", "out",
                "--setup", "echo 1 > " + d + "tag_v1/enabled; sleep 1000 & p=$!; echo $p > /tmp/pid; "
                        + "{ while [ \"$(cat " + d + "tag_v2/enabled)\" != 1 ]; do " + read + "done; "
                        + "n=0; while [ $n -lt 100 ]; do " + read + "n=$((n+1)); done; } > /tmp/reads; "
                        + "touch /tmp/read; wait",
                "--run", "while [ ! -s /tmp/pid ]; do sleep 0.1; done; grep tag /proc/$(cat /tmp/pid)/status; "
                        + "if [ \"$(cat " + d + "tag_v2/enabled)\" = 1 ]; then while [ ! -e /tmp/read ]; do sleep 0.1; done; "
                        + "sort /tmp/reads | uniq -c; fi; "
                        + "for u in tag_v1 tag_v2; do while [ \"$(cat " + d + "$u/transition)\" != 0 ]; do sleep 0.1; done; "
                        + "echo \"$u $(cat " + d + "$u/shadows/task_struct.tag)\"; done");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().matches("(?s).*tag_v2: shadow task_struct.tag shares the [1-9]\\d* values of tag_v1's\n.*"),
                r.out());
        java.util.regex.Matcher before = java.util.regex.Pattern.compile("== before enabling\ntag:\t(\\d+) \\(read by v1\\)\n")
                .matcher(r.out());
        assertTrue(before.find(), "the task started under v1 has a tag: " + r.out());
        String pid = before.group(1);
        assertTrue(r.out().matches("(?s).*== after enabling\ntag:\t" + pid + " \\(read by v2\\)\n"
                + "( +\\d+ tag:\t" + pid + " \\(read by v1\\)\n)? +\\d+ tag:\t" + pid + " \\(read by v2\\)\n"
                + "tag_v1 live 0 allocated (\\d+) freed-with-object \\d+ freed-at-revert 0 failed 0 handed-over [1-9]\\d* taken-over 0\n"
                + "tag_v2 live [1-9]\\d* allocated \\d+ freed-with-object \\d+ freed-at-revert 0 failed 0 handed-over 0 taken-over [1-9]\\d*\n.*"),
                "v2 reads the tag v1 set, every read in between shows it: " + r.out());
        java.util.regex.Matcher after = java.util.regex.Pattern.compile("== after disabling\n"
                + "tag_v1 live 0 allocated (\\d+) freed-with-object (\\d+) freed-at-revert 0 failed 0 handed-over (\\d+) taken-over 0\n"
                + "tag_v2 live 0 allocated (\\d+) freed-with-object (\\d+) freed-at-revert (\\d+) failed 0 handed-over 0 taken-over (\\d+)\n")
                .matcher(r.out());
        assertTrue(after.find(), "the revert of v2 frees every value: " + r.out());
        long[] n = new long[7];
        for (int i = 0; i < 7; i++) {
            n[i] = Long.parseLong(after.group(i + 1));
        }
        assertEquals(n[0], n[1] + n[2], "every value of v1 freed with its task or handed over");
        assertEquals(n[2], n[6], "v2 took over what v1 handed over");
        assertEquals(n[3] + n[6], n[4] + n[5], "every value v2 had freed with its task or at the revert");
    }

    /**
     * examples/shadow-handover/phased.dyn without its last update: tag_phased, in two phases, takes
     * over from tag_v1 and inherits its values: the task started under v1 shows its tag, read by a
     * version of tag_phased's second phase; the phases' revert frees every value once the last
     * phase has drained.
     */
    @Test
    void aMultiPhaseUpdateInheritsTheShadowValuesOfTheOneItReplaces() throws Exception {
        String d = "/sys/kernel/dynamos/";
        String script = Files.readString(RelativePathsTest.EXAMPLES.resolve("shadow-handover/phased.dyn"));
        script = script.substring(0, script.indexOf("update tag_v2"))
                .replace("source \"", "source \"../ex/shadow-handover/");
        Files.writeString(cwd.resolve("into-phases.dyn"), script);
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", "into-phases.dyn", "-o", "out",
                "--setup", "echo 1 > " + d + "tag_v1/enabled; sleep 1000 & echo $! > /tmp/pid; wait",
                "--run", "while [ ! -s /tmp/pid ]; do sleep 0.1; done; grep tag /proc/$(cat /tmp/pid)/status; "
                        + "for u in tag_v1 tag_phased; do while [ \"$(cat " + d + "$u/transition)\" != 0 ]; do sleep 0.1; done; "
                        + "echo \"$u $(cat " + d + "$u/shadows/task_struct.tag)\"; done; cat " + d + "tag_phased/phase");
        assertEquals(0, r.code(), r.out());
        java.util.regex.Matcher before = java.util.regex.Pattern.compile("== before enabling\ntag:\t(\\d+) \\(read by v1\\)\n")
                .matcher(r.out());
        assertTrue(before.find(), "the task started under v1 has a tag: " + r.out());
        assertTrue(r.out().matches("(?s).*tag_phased: shadow task_struct.tag shares the \\d+ values of tag_v1's\n.*"
                + "tag_phased: phase show switched on \\(2 of 2\\).*tag_phased: took over from tag_v1.*"), r.out());
        assertTrue(r.out().matches("(?s).*== after enabling\ntag:\t" + before.group(1) + " \\(read by phased\\)\n"
                + "tag_v1 live 0 allocated \\d+ freed-with-object \\d+ freed-at-revert 0 failed 0 handed-over [1-9]\\d* taken-over 0\n"
                + "tag_phased live [1-9]\\d* allocated \\d+ freed-with-object \\d+ freed-at-revert 0 failed 0 handed-over 0 taken-over [1-9]\\d*\n"
                + "2 of 2: show\n.*"), "the second phase reads the tag v1 set: " + r.out());
        assertTrue(r.out().matches("(?s).*== after disabling\n"
                + "tag_v1 live 0 .*\ntag_phased live 0 allocated \\d+ freed-with-object \\d+ freed-at-revert [1-9]\\d* failed 0 "
                + "handed-over 0 taken-over [1-9]\\d*\n0 of 2\n.*"), "freed once the last phase drained: " + r.out());
    }

    /**
     * examples/shadow-handover/phased.dyn: tag_v1, then tag_phased (two phases) takes over, then
     * tag_v2 takes over from tag_phased (whose phases switch off under tag_v2's layers): the task
     * started under v1 keeps its tag to the end, a reader looping on it through both take-overs
     * never reads none, and the counts add up after the revert.
     */
    @Test
    void shadowValuesSurviveTakeOversIntoAndOutOfAMultiPhaseUpdate() throws Exception {
        String d = "/sys/kernel/dynamos/";
        String read = "t=$(grep tag /proc/$p/status); echo \"${t:-none}\"; ";
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", "../ex/shadow-handover/phased.dyn", "-o", "out",
                "--setup", "echo 1 > " + d + "tag_v1/enabled; sleep 1000 & p=$!; echo $p > /tmp/pid; "
                        + "{ while [ \"$(cat " + d + "tag_v2/enabled)\" != 1 ]; do " + read + "done; "
                        + "n=0; while [ $n -lt 50 ]; do " + read + "n=$((n+1)); done; } > /tmp/reads; "
                        + "touch /tmp/read; wait",
                "--run", "while [ ! -s /tmp/pid ]; do sleep 0.1; done; grep tag /proc/$(cat /tmp/pid)/status; "
                        + "if [ \"$(cat " + d + "tag_v2/enabled)\" = 1 ]; then while [ ! -e /tmp/read ]; do sleep 0.1; done; "
                        + "sort -u /tmp/reads; fi; "
                        + "for u in tag_v1 tag_phased tag_v2; do while [ \"$(cat " + d + "$u/transition)\" != 0 ]; do sleep 0.1; done; "
                        + "echo \"$u $(cat " + d + "$u/shadows/task_struct.tag)\"; done");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("tag_v2: took over from tag_phased, which is reverted"), r.out());
        java.util.regex.Matcher before = java.util.regex.Pattern.compile("== before enabling\ntag:\t(\\d+) \\(read by v1\\)\n")
                .matcher(r.out());
        assertTrue(before.find(), "the task started under v1 has a tag: " + r.out());
        assertTrue(r.out().matches("(?s).*== after enabling\ntag:\t" + before.group(1) + " \\(read by v2\\)\n"
                + "(tag:\t" + before.group(1) + " \\(read by phased\\)\n)?(tag:\t" + before.group(1) + " \\(read by v1\\)\n)?"
                + "tag:\t" + before.group(1) + " \\(read by v2\\)\n.*"),
                "v2 reads the tag v1 set, every read in between shows it (sort -u lists phased, v1, v2): " + r.out());
        java.util.regex.Matcher after = java.util.regex.Pattern.compile("== after disabling\n"
                + "tag_v1 live 0 allocated (\\d+) freed-with-object (\\d+) freed-at-revert 0 failed 0 handed-over (\\d+) taken-over 0\n"
                + "tag_phased live 0 allocated (\\d+) freed-with-object (\\d+) freed-at-revert 0 failed 0 handed-over (\\d+) taken-over (\\d+)\n"
                + "tag_v2 live 0 allocated (\\d+) freed-with-object (\\d+) freed-at-revert (\\d+) failed 0 handed-over 0 taken-over (\\d+)\n")
                .matcher(r.out());
        assertTrue(after.find(), "the revert of v2 frees every value: " + r.out());
        long[] n = new long[11];
        for (int i = 0; i < 11; i++) {
            n[i] = Long.parseLong(after.group(i + 1));
        }
        assertTrue(n[2] > 0, "v1 handed its values over");
        assertEquals(n[0], n[1] + n[2], "every value of v1 freed with its task or handed over");
        assertEquals(n[3] + n[6], n[4] + n[5], "every value tag_phased had freed with its task or handed over");
        assertEquals(n[2] + n[5], n[6] + n[10], "what was handed over was taken over");
        assertEquals(n[7] + n[10], n[8] + n[9], "every value v2 had freed with its task or at the revert");
    }

    /**
     * examples/adaptive-pipe: two pipes at once, a 4 MiB one and a small one, take different
     * versions of pipe_write, chosen by a shadow field of the pipe reached through a view of
     * file.private_data.
     */
    @Test
    void pipesTakeTheirOwnVersionByTheirShadowCount() throws Exception {
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", "../ex/adaptive-pipe/adaptive-pipe.dyn", "-o", "out",
                "--run", "dd if=/dev/zero bs=64k count=64 2>/dev/null | cat > /dev/null & echo small | cat; wait; "
                        + "cat /sys/kernel/dynamos/adaptive_pipe/functions/pipe_write/versions");
        assertEquals(0, r.code(), r.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("== after enabling\nsmall\n"
                + "pipe_write_bulk (\\d+)\npipe_write_counting (\\d+)\noriginal 0\n").matcher(r.out());
        assertTrue(m.find(), r.out());
        // 64 writes of 64 KiB: the first 16 reach 1 MiB by counting, the rest are bulk
        assertTrue(Long.parseLong(m.group(1)) >= 40, "the big pipe went bulk: " + m.group(1));
        assertTrue(Long.parseLong(m.group(2)) >= 17, "the small pipe and the big one's first MiB counted: " + m.group(2));
    }

    /**
     * examples/linger-longer, its README's command: on one CPU, a guest user's busy task gets about
     * half of it next to a host's busy task before the enable and after the revert, almost none
     * while enabled (the share printed from the tasks' user-time ticks).
     */
    @Test
    void aGuestTaskGetsOnlyTheCpuHostTasksLeaveWhileEnabled() throws Exception {
        RelativePathsTest.Run r = runReadmeCommand("linger-longer");
        assertEquals(0, r.code(), r.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("guest share (\\d+)%").matcher(r.out());
        List<Integer> shares = new ArrayList<>();
        while (m.find()) {
            shares.add(Integer.parseInt(m.group(1)));
        }
        assertEquals(3, shares.size(), r.out());
        assertTrue(shares.get(0) >= 30 && shares.get(2) >= 30, "about half before and after: " + shares);
        assertTrue(shares.get(1) <= 5, "almost nothing while enabled: " + shares);
    }

    /**
     * examples/shared-static, its README's command: the flag the new version sets through its bound
     * static silences the kernel's own handler after the revert (no new log line).
     */
    @Test
    void aBoundStaticLocalIsSharedWithTheKernelsCode() throws Exception {
        RelativePathsTest.Run r = runReadmeCommand("shared-static");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("== before enabling\n1 drop_caches lines logged\n"), r.out());
        assertTrue(r.out().matches("(?s).*== after enabling\n3 drop_caches lines logged\n[^\n]*drop_caches: 1 \\(page cache \\)\n"
                + "[^\n]*drop_caches: 4 \\(\\)\n.*"), "the new version logs: " + r.out());
        assertTrue(r.out().contains("== after disabling\n3 drop_caches lines logged\n"),
                "the kernel's handler sees the flag the new version set: " + r.out());
    }

    /** examples/syscall-hostname, its README's command: the bad host name is refused exactly while enabled. */
    @Test
    void aSystemCallReplacedByItsNameRefusesWhileEnabled() throws Exception {
        RelativePathsTest.Run r = runReadmeCommand("syscall-hostname");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("== before enabling\nnode-1.example\nbad_name!\n"), r.out());
        assertTrue(r.out().contains("== after enabling\nnode-1.example\nsethostname refused\nnode-1.example\n"), r.out());
        assertTrue(r.out().contains("== after disabling\nnode-1.example\nbad_name!\n"), r.out());
        assertTrue(r.out().contains("syscall_hostname: enabled: 2 functions redirected"), "both ABIs' entry points: " + r.out());
    }

    /**
     * examples/shadow-newpid with tasks created and exiting all the time, through the enable and the
     * revert: values are created while the revert drains; once it has, none is left, and the kernel
     * logged no warning (try fails on one).
     */
    @Test
    void aRevertWhileObjectsAreCreatedLeavesNoShadowValue() throws Exception {
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", "../ex/shadow-newpid/shadow-newpid.dyn", "-o", "out",
                "--setup", "while :; do /bin/true; done",
                "--run", "sleep 1; cat /sys/kernel/dynamos/shadow_newpid/shadows/task_struct.newpid");
        assertEquals(0, r.code(), r.out());
        java.util.regex.Matcher on = java.util.regex.Pattern.compile("== after enabling\nlive \\d+ allocated (\\d+) ")
                .matcher(r.out());
        assertTrue(on.find() && Long.parseLong(on.group(1)) > 10, "tasks were being created: " + r.out());
        assertTrue(r.out().matches("(?s).*== after disabling\nlive 0 allocated \\d+ freed-with-object \\d+ "
                + "freed-at-revert \\d+ failed 0.*"), "nothing left after the revert: " + r.out());
    }

    @Test
    void anEnableExpectedToFailThatSucceedsFailsTheRun() throws Exception {
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", SCRIPT, "-o", "out",
                "--expect-enable-failure", "--run", RUN);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("try: enabling was expected to fail, but did not"), r.out());
    }

    @Test
    void aTwoPhaseUpdateSwitchesItsPhasesInOrder() throws Exception {
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", "../ex/two-phase-pipes/two-phase-pipes.dyn",
                "-o", "out", "--run", "echo hello | cat; cat /proc/cmdline; cat /sys/kernel/dynamos/two_phase_pipes/phase");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().matches("(?s).*phase measure switched on \\(1 of 2\\).*phase report switched on \\(2 of 2\\).*"),
                "measure first: " + r.out());
        assertTrue(r.out().matches("(?s).*== after enabling\nhello\n\\[dynamos two_phase_pipes: [1-9]\\d* bytes read "
                + "through pipes since phase measure\\]\n.*\n2 of 2: report\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*phase report switched off.*phase measure switched off.*"),
                "report off first: " + r.out());
        assertTrue(r.out().matches("(?s).*== after disabling\nhello\n[^\\[].*\n0 of 2\n.*"), r.out());
    }

    @Test
    void icountRunsOneInstructionCountedCpu() throws Exception {
        RelativePathsTest.Run refused = RelativePathsTest.run(cwd, "try", "../ex/cmdline-hello/cmdline-hello.dyn",
                "--icount", "--smp", "2");
        assertEquals(ExitCodes.USAGE, refused.code(), refused.out());
        assertTrue(refused.out().contains("--icount runs one vCPU"), refused.out());
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", "../ex/cmdline-hello/cmdline-hello.dyn",
                "-o", "out", "--icount", "--run", "nproc; cat /proc/cmdline");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("(1 CPU, KASLR on, instruction-counted time: 1 ns = 1 instruction)"), r.out());
        assertTrue(r.out().matches("(?s).*== after enabling\n1\n[^\n]* \\[dynamos: cmdline_hello\\]\n.*"), r.out());
    }

    @Test
    void theUpdatesCReadsItsKnobsThroughTypedAccessors() throws Exception {
        Files.writeString(cwd.resolve("knobbed.c"), """
                #include <linux/seq_file.h>
                int cmdline_knobbed(struct seq_file *m, void *v)
                {
                	seq_printf(m, "[dynamos knobbed: level %d, loud %d]\\n", dynamos_knob_level(), dynamos_knob_loud());
                	return 0;
                }
                """);
        Files.writeString(cwd.resolve("knobbed.dyn"), """
                update knobbed {
                    source "knobbed.c";
                    knob level: s16 = -7 in -100..100;
                    knob loud: bool = true;
                    replace cmdline_proc_show with cmdline_knobbed;
                }
                """);
        String k = "/sys/kernel/dynamos/knobbed/knobs/";
        RelativePathsTest.Run r = RelativePathsTest.run(cwd, "try", "knobbed.dyn", "-o", "out", "--run",
                "cat /proc/cmdline; echo 42 > " + k + "level; echo n > " + k + "loud; cat /proc/cmdline; "
                        + "echo -7 > " + k + "level; echo y > " + k + "loud");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("== after enabling\n[dynamos knobbed: level -7, loud 1]\n"
                + "[dynamos knobbed: level 42, loud 0]\n"), r.out());
    }

    @Test
    void theShellRunsWhatTheUserTypes() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "try", SCRIPT, "-o", "out", "--shell"));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        InputStream in = p.getInputStream();
        OutputStream typed = p.getOutputStream();
        // Type only once the guest's banner is there, as a user would.
        assertTrue(waitFor(in, seen, "exit: power off", 240), seen.toString(StandardCharsets.UTF_8));
        typed.write(("echo 1 > /sys/kernel/dynamos/quiescent_fifo/enabled; echo hello | cat; "
                + "echo RESULT\"\"=$(sed -n 's/^pipe_read_counted //p' "
                + "/sys/kernel/dynamos/quiescent_fifo/functions/pipe_read/versions)\n").getBytes(StandardCharsets.UTF_8));
        typed.flush();
        assertTrue(waitFor(in, seen, "RESULT=", 60), seen.toString(StandardCharsets.UTF_8));
        typed.write("exit\n".getBytes(StandardCharsets.UTF_8));
        typed.flush();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the guest powers off after exit");
        seen.write(in.readAllBytes());
        String out = seen.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("modules loaded, not enabled: quiescent_fifo"), out);
        assertTrue(out.matches("(?s).*RESULT=[1-9].*"), "the update ran in the shell's pipe: " + out);
    }

    /** Reads {@code in} into {@code seen} until it contains {@code text}; false after {@code seconds}. */
    private static boolean waitFor(InputStream in, ByteArrayOutputStream seen, String text, int seconds)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        byte[] buf = new byte[4096];
        while (System.nanoTime() < end) {
            if (in.available() > 0) {
                int n = in.read(buf);
                if (n < 0) {
                    return false;
                }
                seen.write(buf, 0, n);
                if (seen.toString(StandardCharsets.UTF_8).contains(text)) {
                    return true;
                }
            } else {
                Thread.sleep(50);
            }
        }
        return false;
    }
}
