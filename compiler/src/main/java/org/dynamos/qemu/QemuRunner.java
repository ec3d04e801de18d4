package org.dynamos.qemu;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dynamos.kernel.KernelInstall;

/**
 * Boots a kernel under QEMU (TCG: no KVM needed) with an initramfs built by
 * {@link InitramfsBuilder}, waits for its /init to power off, and reads the steps' results.
 *
 * <p>The console is the first serial port (captured from QEMU's stdout); the kernel log is
 * copied by the guest to the second serial port (a file). KASLR stays on. Any oops panics the
 * kernel ({@code oops=panic}), and a panic ends QEMU at once ({@code panic=-1}, {@code -no-reboot}).
 */
public final class QemuRunner {
    /** The kernel command line; the guest's /init relies on {@code printk.devkmsg=on} for its markers. */
    static final String APPEND = "console=ttyS0 panic=-1 oops=panic printk.devkmsg=on";

    /**
     * Machine settings.
     *
     * @param smp       virtual CPUs
     * @param memoryMb  guest memory in MiB
     * @param icount    deterministic timing: the guest clock advances 1 ns per instruction
     *                  ({@code -icount shift=0,sleep=off}); vCPUs then run one at a time, so use
     *                  {@code smp = 1} for measurements and no icount for race tests
     * @param timeout   wall-clock limit for the whole run, boot included
     */
    public record Options(int smp, int memoryMb, boolean icount, Duration timeout) {
        public Options {
            if (smp < 1 || smp > 64) {
                throw new IllegalArgumentException("smp must be 1..64, not " + smp);
            }
            if (memoryMb < 128) {
                throw new IllegalArgumentException("the guest needs at least 128 MiB, not " + memoryMb);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }

        /** Two CPUs, 512 MiB, real time, two minutes. */
        public static Options defaults() {
            return new Options(2, 512, false, Duration.ofMinutes(2));
        }

        /** One CPU, 512 MiB, instruction-counted time: timings are instruction counts, identical run to run. */
        public static Options deterministic() {
            return new Options(1, 512, true, Duration.ofMinutes(5));
        }

        /** The same options with another timeout. */
        public Options withTimeout(Duration t) {
            return new Options(smp, memoryMb, icount, t);
        }
    }

    private QemuRunner() {}

    /** Runs the guest and returns what it did. */
    public static GuestResult run(KernelInstall kernel, Initramfs initramfs, Options options) throws QemuException {
        return run(kernel, initramfs, options, line -> { });
    }

    /**
     * Runs the guest, passing each console line to {@code live} as it arrives (for progress
     * display), and returns what it did.
     */
    public static GuestResult run(KernelInstall kernel, Initramfs initramfs, Options options, Consumer<String> live)
            throws QemuException {
        Path qemu = HostTools.qemu();
        if (!Files.isRegularFile(kernel.vmlinuz())) {
            throw new QemuException("kernel image " + kernel.vmlinuz() + " does not exist");
        }
        if (!Files.isRegularFile(initramfs.image())) {
            throw new QemuException("initramfs " + initramfs.image() + " does not exist");
        }
        Path work = workDirectory();
        Path kmsg = work.resolve("kmsg.log");
        try {
            return boot(command(qemu, kernel.vmlinuz(), initramfs.image(), kmsg, options), initramfs.script(),
                    kmsg, options.timeout(), live);
        } finally {
            removeQuietly(kmsg, work);
        }
    }

    /**
     * Runs the guest with the console on this process's terminal (stdin, stdout): for
     * {@code dynamos try --shell}. Ctrl-C reaches the guest; Ctrl-A x stops QEMU.
     *
     * @return the kernel's warnings, BUGs and oopses logged during the run (empty if none)
     */
    public static List<String> interactive(KernelInstall kernel, Initramfs initramfs, Options options)
            throws QemuException {
        Path qemu = HostTools.qemu();
        Path work = workDirectory();
        Path kmsg = work.resolve("kmsg.log");
        List<String> cmd = command(qemu, kernel.vmlinuz(), initramfs.image(), kmsg, options);
        int serial = cmd.indexOf("stdio");
        cmd.set(serial, "chardev:console");
        cmd.addAll(List.of("-chardev", "stdio,id=console,mux=on,signal=off", "-mon", "chardev=console"));
        Process p;
        try {
            p = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException e) {
            throw new QemuException("cannot start " + cmd.get(0) + ": " + e.getMessage());
        }
        Thread stopOnExit = new Thread(p::destroyForcibly, "dynamos-qemu-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            p.waitFor();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            String log = Files.exists(kmsg) ? Files.readString(kmsg, StandardCharsets.UTF_8) : "";
            return KernelProblems.find(KernelLog.render(KernelLog.parse(log)).lines().toList(), "@@dynamos ");
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new QemuException("interrupted while the guest was running");
        } catch (IOException e) {
            throw new QemuException("cannot read the guest's kernel log: " + e.getMessage());
        } finally {
            removeQuietly(kmsg, work);
        }
    }

    /** A temporary directory for the run's kernel log. */
    private static Path workDirectory() throws QemuException {
        try {
            return Files.createTempDirectory("dynamos-qemu-");
        } catch (IOException e) {
            throw new QemuException("cannot create a temporary directory: " + e.getMessage());
        }
    }

    /** Removes the kernel log and its directory; a stray temporary file is harmless. */
    private static void removeQuietly(Path kmsg, Path work) {
        try {
            Files.deleteIfExists(kmsg);
            Files.deleteIfExists(work);
        } catch (IOException e) {
            // left for the system's temporary-file cleanup
        }
    }

    /**
     * The QEMU command line. TCG runs single-threaded: with one host thread per
     * vCPU, QEMU 7.2 sometimes kept executing stale translations of code the
     * guest kernel had just patched (a call site rewritten by ftrace), hanging
     * about one run in twenty. The guest still has {@code smp} CPUs, interleaved.
     */
    static List<String> command(Path qemu, Path vmlinuz, Path initrd, Path kmsg, Options o) {
        List<String> cmd = new ArrayList<>(List.of(qemu.toString(),
                "-accel", "tcg,thread=single", "-cpu", "max",
                "-m", o.memoryMb() + "M", "-smp", String.valueOf(o.smp()),
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-serial", "stdio",
                "-serial", "file:" + kmsg,
                "-kernel", vmlinuz.toString(),
                "-initrd", initrd.toString(),
                "-append", APPEND));
        if (o.icount()) {
            cmd.addAll(List.of("-icount", "shift=0,sleep=off"));
        }
        return cmd;
    }

    private static GuestResult boot(List<String> cmd, GuestScript script, Path kmsg, Duration timeout,
                                    Consumer<String> live) throws QemuException {
        long start = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new QemuException("cannot start " + cmd.get(0) + ": " + e.getMessage());
        }
        Thread stopOnExit = new Thread(p::destroyForcibly, "dynamos-qemu-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        Thread out = pump(p.getInputStream(), console, live);
        Thread err = pump(p.getErrorStream(), errors, line -> { });
        boolean timedOut = false;
        int exit;
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                p.destroy(); // SIGTERM: QEMU exits cleanly
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor();
                }
            }
            exit = p.exitValue();
            out.join(5000);
            err.join(5000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new QemuException("interrupted while the guest was running");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // Shutting down: the hook stops QEMU.
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String consoleText;
        synchronized (console) {
            consoleText = console.toString(StandardCharsets.UTF_8);
        }
        if (!timedOut && exit != 0 && consoleText.isBlank()) {
            String why;
            synchronized (errors) {
                why = errors.toString(StandardCharsets.UTF_8).strip();
            }
            throw new QemuException("QEMU failed (exit status " + exit + "): " + why);
        }
        String kmsgText;
        try {
            kmsgText = Files.exists(kmsg) ? new String(Files.readAllBytes(kmsg), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            kmsgText = "";
        }
        return Transcript.parse(script, consoleText, kmsgText, timedOut, elapsed);
    }

    /** Copies {@code in} into {@code sink} byte for byte, passing complete lines to {@code live}. */
    private static Thread pump(InputStream in, ByteArrayOutputStream sink, Consumer<String> live) {
        Thread t = new Thread(() -> {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (sink) {
                        sink.write(buf, 0, n);
                    }
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            String s = line.toString(StandardCharsets.UTF_8);
                            live.accept(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
                            line.reset();
                        } else {
                            line.write(buf[i]);
                        }
                    }
                }
            } catch (IOException e) {
                // QEMU went away; what was read is kept.
            }
        }, "dynamos-qemu-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
