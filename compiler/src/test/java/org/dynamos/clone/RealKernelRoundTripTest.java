package org.dynamos.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dynamos.disasm.Disassembler;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.RealKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The round trip over every function of the real vmlinux: each one relocated to its own address,
 * exits untouched, must reproduce its original bytes (main and cold parts) exactly. Only functions
 * Capstone cannot decode are exempt, and they must be refused as such. Skipped without the kernel
 * or libcapstone.
 */
class RealKernelRoundTripTest {
    static ElfKernelImage image;
    static CloneContext ctx;

    @BeforeAll
    static void open() throws IOException {
        Path path = RealKernel.vmlinux().orElse(null);
        assumeTrue(path != null, "the real vmlinux is not in the DynAMOS cache");
        assumeTrue(Disassembler.available(), "libcapstone is not installed");
        image = ElfKernelImage.open(path);
        ctx = CloneContext.of(image);
    }

    @AfterAll
    static void close() {
        if (image != null) {
            image.close();
        }
    }

    @Test
    void everyFunctionRoundTripsToItsOwnBytes() {
        List<String> different = new ArrayList<>();
        List<String> undecoded = new ArrayList<>();
        int identical = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        try (Disassembler d = Disassembler.open()) {
            CloneEngine engine = new CloneEngine(ctx, d);
            List<CloneEngine.FunctionRef> all = engine.functions();
            assertTrue(all.size() > 40_000, "functions: " + all.size());
            for (CloneEngine.FunctionRef fn : all) {
                RoundTrip.Outcome o = RoundTrip.check(ctx, engine, fn);
                if (o instanceof RoundTrip.Identical i) {
                    identical++;
                    bytes += i.bytes();
                } else if (o instanceof RoundTrip.NotDecoded n) {
                    assertEquals(Refusal.UNDECODABLE, n.why().refusal(), fn.name() + ": " + n.why());
                    undecoded.add(fn.name());
                } else {
                    different.add(fn.name() + ": " + ((RoundTrip.Different) o).detail());
                }
            }
            System.out.printf("round trip: %d functions identical (%d bytes), %d undecodable by Capstone %s, "
                    + "%d different, %.1f s%n", identical, bytes, undecoded.size(), d.version(), different.size(),
                    (System.nanoTime() - t0) / 1e9);
        }
        assertEquals(List.of(), different.subList(0, Math.min(20, different.size())), different.size() + " differ");
        assertTrue(undecoded.size() < 100, "undecodable: " + undecoded);
    }

    @Test
    void nearlyEveryFunctionIsClonable() {
        CloneReport r = CloneReport.run(ctx, 2);
        int total = r.functions().size();
        System.out.printf("clone report: %d functions, %d clonable, %d exit-trackable, %.1f s%n", total,
                r.clonable(), r.exitTrackable(), r.elapsedNanos() / 1e9);
        assertTrue(r.clonable() > total * 0.99, "clonable: " + r.clonable() + " of " + total + " "
                + r.byFirstReason(Refusal.Scope.CLONE));
        assertTrue(r.exitTrackable() > total * 0.95, "exit-trackable: " + r.exitTrackable());
    }
}
