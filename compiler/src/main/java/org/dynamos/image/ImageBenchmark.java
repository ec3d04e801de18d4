package org.dynamos.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Prints how long opening a vmlinux and decoding its symbols takes, and the process's memory:
 * {@code java -cp compiler/target/classes org.dynamos.image.ImageBenchmark VMLINUX}. Run it in a
 * fresh JVM so the resident set size means something.
 */
public final class ImageBenchmark {
    private ImageBenchmark() {
    }

    /** Entry point: {@code ImageBenchmark VMLINUX}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ImageBenchmark VMLINUX");
            System.exit(2);
        }
        Path vmlinux = Path.of(args[0]);
        for (int round = 1; round <= 3; round++) {
            long t0 = System.nanoTime();
            try (ElfKernelImage image = ElfKernelImage.open(vmlinux)) {
                long t1 = System.nanoTime();
                long checksum = 0;
                for (KernelSymbol s : image.symbols()) {
                    checksum += s.size() + s.name().length() + s.region().ordinal();
                }
                long t1b = System.nanoTime();
                int functions = image.functionNames().size();
                long t2 = System.nanoTime();
                int sites = image.fentrySites().count();
                long t3 = System.nanoTime();
                String release = image.release().orElse("?");
                long t4 = System.nanoTime();
                int types = image.btf().map(b -> b.typeCount()).orElse(0);
                long t5 = System.nanoTime();
                String proto = image.prototype("may_open").map(Object::toString).orElse("?");
                long t6 = System.nanoTime();
                List<KernelSymbol> all = image.symbols();
                System.out.printf("round %d: open %.0f ms, decode all %d symbols %.0f ms (total %.0f ms); %d function names %.0f ms; "
                                + "%d fentry sites %.0f ms; release %s; BTF %d types %.0f ms, a prototype %.1f ms; %s; checksum %d%n",
                        round, ms(t1 - t0), all.size(), ms(t1b - t1), ms(t1b - t0), functions, ms(t2 - t1b), sites,
                        ms(t3 - t2), release, types, ms(t5 - t4), ms(t6 - t5), memory(), checksum + proto.length());
            }
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String memory() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return "RSS unknown";
        }
        List<String> lines = Files.readAllLines(status);
        return "RSS " + field(lines, "VmRSS:").orElse("?") + ", peak " + field(lines, "VmHWM:").orElse("?");
    }

    private static Optional<String> field(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(key.length()).trim()).findFirst();
    }
}
