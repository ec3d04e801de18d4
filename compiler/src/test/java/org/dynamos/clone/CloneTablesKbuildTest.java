package org.dynamos.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dynamos.disasm.Disassembler;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.RealKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table round trip: clones of real functions that carry every kind of kernel table are emitted
 * as assembler, built into a module with the kernel's own kbuild and gcc-12, and the tables of the
 * object are decoded back (relocations applied, the anchor at its vmlinux address): each entry must
 * be equivalent to the original's — same kind, the same instruction of the clone, the same target,
 * key and data. Skipped without the kernel, its build directory, gcc-12 or libcapstone.
 */
class CloneTablesKbuildTest {
    private static final int PER_KIND = 4;

    @Test
    void emittedTablesDecodeBackToTheOriginals(@TempDir Path dir) throws Exception {
        Path vmlinux = RealKernel.vmlinux().orElse(null);
        Path symvers = RealKernel.symvers().orElse(null);
        assumeTrue(vmlinux != null && symvers != null, "the real kernel and its headers are not in the cache");
        assumeTrue(Disassembler.available(), "libcapstone is not installed");
        assumeTrue(runs(dir, "gcc-12", "--version"), "gcc-12 is not installed");
        Path kdir = symvers.getParent();
        try (ElfKernelImage image = ElfKernelImage.open(vmlinux); Disassembler d = Disassembler.open()) {
            CloneContext ctx = CloneContext.of(image);
            CloneEngine engine = new CloneEngine(ctx, d);
            List<Clone> chosen = choose(ctx, engine);
            StringBuilder source = new StringBuilder();
            for (Clone c : chosen) {
                source.append(CloneAssembly.emit(c, ctx, CloneAssembly.cloneSymbol(c.function()))).append('\n');
                if (c.options().trackExits()) {
                    // A stand-in exit handler: this module is built to be read, never loaded.
                    source.append("\t.text\n").append(c.options().exitSymbol()).append(":\n\tint3\n");
                }
            }
            Files.writeString(dir.resolve("clones.S"), source);
            Files.writeString(dir.resolve("main.c"), "#include <linux/module.h>\nMODULE_LICENSE(\"GPL\");\n");
            Files.writeString(dir.resolve("Kbuild"), "obj-m := dyn_clones.o\ndyn_clones-y := main.o clones.o\n"
                    + "OBJECT_FILES_NON_STANDARD_clones.o := y\n");
            String log = run(dir, List.of("make", "-C", kdir.toString(), "M=" + dir, "KBUILD_MODPOST_WARN=1", "modules"));
            assertTrue(Files.isRegularFile(dir.resolve("clones.o")), log);
            LinkedObject linked = LinkedObject.link(dir.resolve("clones.o"), Map.of("_printk", ctx.anchor()));
            KernelTables decoded = linked.tables();
            Map<TableKind, Integer> compared = new EnumMap<>(TableKind.class);
            for (Clone c : chosen) {
                compare(c, linked, decoded, compared);
                sameCode(c, linked, ctx);
            }
            System.out.println("table round trip through kbuild: " + chosen.size() + " clones, entries " + compared
                    + "; rewritten sites in " + chosen.stream().map(CloneTablesKbuildTest::special)
                    .filter(java.util.Objects::nonNull).toList());
            for (TableKind k : TableKind.values()) {
                assertTrue(compared.getOrDefault(k, 0) > 0, "no " + k + " entry was compared");
            }
        }
    }

    /** Clonable functions carrying each kind of table, a few per kind. */
    private static List<Clone> choose(CloneContext ctx, CloneEngine engine) {
        Map<TableKind, Integer> have = new EnumMap<>(TableKind.class);
        Map<String, Integer> specials = new java.util.HashMap<>();
        List<Clone> out = new ArrayList<>();
        CloneOptions untracked = new CloneOptions(false, null, true, CloneOptions.Placement.MODULE, true);
        for (CloneEngine.FunctionRef fn : engine.functions()) {
            // Return sites survive only where exits are left untouched: clone a few functions that way.
            boolean keepExits = have.getOrDefault(TableKind.RETURN, 0) < PER_KIND;
            Clone c = engine.clone(fn, keepExits ? untracked
                    : CloneOptions.forModule(CloneAssembly.exitSymbol(fn.name())).textual());
            if (!c.clonable()) {
                continue;
            }
            boolean wanted = false;
            for (TableKind k : c.tables().keySet()) {
                if (k != TableKind.ORC && have.getOrDefault(k, 0) < PER_KIND) {
                    wanted = true;
                }
            }
            // Also sites the engine rewrote: tail calls through retpolines and static calls turned
            // into calls, 2-byte jump labels widened to 5 bytes.
            String special = special(c);
            if (special != null && specials.merge(special, 1, Integer::sum) <= PER_KIND) {
                wanted = true;
            }
            if (wanted) {
                c.tables().keySet().forEach(k -> have.merge(k, 1, Integer::sum));
                out.add(c);
            }
            if (TableKind.values().length == have.size() && have.values().stream().allMatch(n -> n >= PER_KIND)
                    && specials.size() == 3 && specials.values().stream().allMatch(n -> n >= PER_KIND)) {
                break;
            }
        }
        return out;
    }

    private static void compare(Clone c, LinkedObject linked, KernelTables decoded, Map<TableKind, Integer> compared) {
        long base = linked.address(CloneAssembly.cloneSymbol(c.function()));
        long end = base + c.layout().totalSize();
        for (Map.Entry<TableKind, List<TableEntry>> e : c.tables().entrySet()) {
            TableKind kind = e.getKey();
            List<TableEntry> got = decoded.in(kind, base, end);
            int matched = 0;
            for (TableEntry want : e.getValue()) {
                if (kind == TableKind.RETURN && rewritten(c, want.site())) {
                    continue;
                }
                CloneInstruction at = instruction(c, want.site());
                boolean tailCall = at != null && at.rewrite() == Rewrite.TAIL_CALL;
                // A rewritten tail call is called: its retpoline or static call site is the call,
                // behind the short jump of a conditional one, and a static call loses its tail flag.
                long callAt = tailCall && (kind == TableKind.RETPOLINE || kind == TableKind.STATIC_CALL)
                        && (at.bytes()[0] & 0xf0) == 0x70 ? 2 : 0;
                long wantKey = kind == TableKind.STATIC_CALL && tailCall ? want.key() & ~1L : want.key();
                long site = base + c.layout().position(want.site()) + callAt;
                List<TableEntry> here = got.stream().filter(x -> x.site() == site).toList();
                assertTrue(!here.isEmpty(), c.function() + ": no " + kind + " entry at the clone of 0x"
                        + Long.toHexString(want.site()) + " in " + got);
                long target = want.target() == 0 ? 0 : inClone(c, want.target()) ? base + c.layout().position(want.target())
                        : want.target();
                // Several entries may share a site (ALTERNATIVE_TERNARY): one of them must match.
                // An alternative's replacement moved into the module: its address is not compared.
                boolean found = here.stream().anyMatch(g -> g.data() == want.data()
                        && (kind == TableKind.ALTERNATIVE || kind == TableKind.ORC
                            || (g.target() == target && g.key() == wantKey)));
                assertTrue(found, c.function() + " " + kind + " at 0x" + Long.toHexString(want.site()) + ": want "
                        + want + " (target 0x" + Long.toHexString(target) + "), got " + here);
                matched++;
            }
            compared.merge(kind, matched, Integer::sum);
        }
    }

    /** The code the assembler produced from the listing is the code the engine's model links to. */
    private static void sameCode(Clone c, LinkedObject linked, CloneContext ctx) throws IOException {
        long base = linked.address(CloneAssembly.cloneSymbol(c.function()));
        long[] bases = new long[c.parts().size()];
        for (int p = 0; p < bases.length; p++) {
            bases[p] = base + c.layout().partStart()[p];
        }
        Map<String, Long> symbols = c.options().trackExits()
                ? Map.of(c.options().exitSymbol(), linked.address(c.options().exitSymbol())) : Map.of();
        byte[][] model = CloneLinker.link(c, bases, ctx.anchor(), ctx.anchor(), symbols);
        org.dynamos.image.ElfSection text = linked.elf.section(".text").orElseThrow();
        java.nio.ByteBuffer bytes = linked.elf.contents(text);
        for (int p = 0; p < model.length; p++) {
            for (int i = 0; i < model[p].length; i++) {
                assertEquals(model[p][i], bytes.get((int) (bases[p] - text.address()) + i),
                        c.function() + " part " + p + " byte +0x" + Integer.toHexString(i));
            }
        }
    }

    /** @return which rewritten table site {@code c} has, if any */
    private static String special(Clone c) {
        for (TableKind k : List.of(TableKind.RETPOLINE, TableKind.STATIC_CALL, TableKind.JUMP_LABEL)) {
            for (TableEntry e : c.tables().getOrDefault(k, List.of())) {
                CloneInstruction ci = instruction(c, e.site());
                if (ci != null && (ci.rewrite() == Rewrite.TAIL_CALL || ci.rewrite() == Rewrite.WIDENED)) {
                    return k.name();
                }
            }
        }
        return null;
    }

    private static CloneInstruction instruction(Clone c, long origin) {
        for (List<CloneInstruction> code : c.code()) {
            for (CloneInstruction ci : code) {
                if (ci.origin() == origin) {
                    return ci;
                }
            }
        }
        return null;
    }

    private static boolean inClone(Clone c, long address) {
        return c.parts().stream().anyMatch(p -> p.contains(address));
    }

    private static boolean rewritten(Clone c, long origin) {
        for (List<CloneInstruction> code : c.code()) {
            for (CloneInstruction ci : code) {
                if (ci.origin() == origin) {
                    return ci.rewrite() == Rewrite.EXIT;
                }
            }
        }
        return false;
    }

    private static boolean runs(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(300, TimeUnit.SECONDS);
        return out;
    }
}
