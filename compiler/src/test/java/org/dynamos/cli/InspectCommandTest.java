package org.dynamos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.approvaltests.Approvals;
import org.dynamos.image.ElfFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dynamos inspect} on the gcc-built fake vmlinux. */
class InspectCommandTest {
    @TempDir
    static Path dir;
    static String vmlinux;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void build() throws IOException {
        vmlinux = ElfFixtures.fakeVmlinux(dir).toString();
    }

    static Run inspect(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = "inspect";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--vmlinux";
        all[args.length + 2] = vmlinux;
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aFunctionWithFindingsShowsEverythingKnownAboutIt() {
        Run kswapd = inspect("kswapd");
        Run jhash = inspect("nfs/namei.c:jhash");
        Run clone = inspect("use_b.isra.0");
        assertEquals(ExitCodes.OK, kswapd.code());
        assertEquals(ExitCodes.OK, jhash.code(), "warnings and errors of the checks are findings, not failures");
        assertEquals(ExitCodes.OK, clone.code());
        Approvals.verify(kswapd.out() + "\n" + jhash.out() + "\n" + clone.out());
    }

    @Test
    void anAmbiguousNameListsTheCandidatesAndExitsOne() {
        Run r = inspect("namei.c:may_open");
        assertEquals(ExitCodes.SCRIPT_ERRORS, r.code());
        assertEquals("", r.out());
        Approvals.verify(r.err());
    }

    @Test
    void anUnknownNameSuggestsCloseOnesAndExitsOne() {
        Run r = inspect("kswapd_rn");
        assertEquals(ExitCodes.SCRIPT_ERRORS, r.code());
        assertTrue(r.err().contains("error[E0201]: the kernel image has no function 'kswapd_rn'"), r.err());
        assertTrue(r.err().contains("did you mean 'kswapd_run' or 'kswapd'?"), r.err());
    }

    @Test
    void dataIsNotAFunction() {
        Run r = inspect("data_target");
        assertEquals(ExitCodes.SCRIPT_ERRORS, r.code());
        assertTrue(r.err().contains("error[E0202]"), r.err());
    }

    @Test
    void withoutAFunctionItIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "inspect", "--vmlinux", vmlinux);
        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().contains("Missing required parameter: 'FUNCTION'"), err.toString());
        assertEquals(ExitCodes.USAGE, inspect("fs/namei.c:").code());
    }
}
