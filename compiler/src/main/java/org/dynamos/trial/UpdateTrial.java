package org.dynamos.trial;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.qemu.GuestResult;
import org.dynamos.qemu.GuestScript;
import org.dynamos.qemu.GuestStep;
import org.dynamos.qemu.Initramfs;
import org.dynamos.qemu.InitramfsBuilder;
import org.dynamos.qemu.QemuException;
import org.dynamos.qemu.QemuRunner;

/** Boots a kernel in QEMU with a set of modules and runs guest steps against them. */
public final class UpdateTrial {

    private UpdateTrial() {
    }

    /**
     * @param modules the .ko files to place in the guest's /lib/dynamos
     * @param work    a directory for the initramfs
     * @param live    receives console lines as they arrive (may ignore them)
     */
    public static GuestResult run(KernelInstall kernel, List<Path> modules, List<GuestStep> steps,
                                  QemuRunner.Options options, Path work, Consumer<String> live) throws QemuException {
        return run(kernel, modules, List.of(), steps, options, work, live);
    }

    /**
     * @param kernelModules the kernel's own modules the updates reach into, placed with what they
     *                      depend on under the guest's /lib/modules for {@code modprobe}
     *                      ({@link GuestKernelModules}); none is loaded
     */
    public static GuestResult run(KernelInstall kernel, List<Path> modules, Collection<String> kernelModules,
                                  List<GuestStep> steps, QemuRunner.Options options, Path work,
                                  Consumer<String> live) throws QemuException {
        return QemuRunner.run(kernel, initramfs(kernel, modules, kernelModules, steps, work), options, live);
    }

    /** The initramfs of a guest that runs {@code steps} with {@code modules} in /lib/dynamos. */
    public static Initramfs initramfs(List<Path> modules, List<GuestStep> steps, Path work) throws QemuException {
        return initramfs(null, modules, List.of(), steps, work);
    }

    /** As above, with the kernel's own {@code kernelModules} of {@code kernel} under /lib/modules. */
    public static Initramfs initramfs(KernelInstall kernel, List<Path> modules, Collection<String> kernelModules,
                                      List<GuestStep> steps, Path work) throws QemuException {
        InitramfsBuilder builder = InitramfsBuilder.create();
        for (Path ko : modules) {
            builder.module(ko);
        }
        if (!kernelModules.isEmpty()) {
            GuestKernelModules.add(builder, kernel, kernelModules);
        }
        return builder.build(GuestScript.of(steps), work.resolve("initramfs.cpio.gz"));
    }

    /** The update names of built modules: every .ko but the runtime core, in order. */
    public static List<String> updateNames(List<Path> modules) {
        return modules.stream().map(p -> p.getFileName().toString())
                .filter(n -> !n.equals("dynamos.ko"))
                .map(n -> n.substring(0, n.length() - ".ko".length()))
                .toList();
    }
}
