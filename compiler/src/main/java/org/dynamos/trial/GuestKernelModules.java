package org.dynamos.trial;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.dynamos.image.ElfFile;
import org.dynamos.image.ElfSection;
import org.dynamos.image.KernelModules;
import org.dynamos.kernel.KernelInstall;
import org.dynamos.qemu.InitramfsBuilder;
import org.dynamos.qemu.QemuException;

/**
 * The kernel's own loadable modules that a trial's updates reach into (their functions replaced,
 * their symbols bound), with every module they depend on, placed in the guest as the kernel
 * package installs them: {@code /lib/modules/<release>/kernel/...}, with a {@code modules.dep},
 * so that {@code modprobe NAME} in the guest's commands loads one and what it needs. Nothing is
 * loaded for the user: when a module loads, before or after the update is enabled, is what a
 * trial of a module's function is about.
 */
public final class GuestKernelModules {

    /** One module file of the kernel package. */
    public record ModuleFile(String name, String path, Path file, List<String> depends) {
    }

    private GuestKernelModules() {
    }

    /**
     * Adds {@code names} and their dependencies to {@code builder}.
     *
     * @return the modules added, dependencies first
     * @throws QemuException if the kernel package has no module of one of the names
     */
    public static List<ModuleFile> add(InitramfsBuilder builder, KernelInstall kernel, Collection<String> names)
            throws QemuException {
        if (names.isEmpty()) {
            return List.of();
        }
        Path dir = kernel.root().resolve("lib/modules").resolve(kernel.release());
        List<ModuleFile> modules = closure(dir, names);
        StringBuilder dep = new StringBuilder();
        for (ModuleFile m : modules) {
            builder.file("lib/modules/" + kernel.release() + "/" + m.path(), contents(m.file()), 0644);
            dep.append(m.path()).append(':');
            for (String d : dependencyPaths(m, modules)) {
                dep.append(' ').append(d);
            }
            dep.append('\n');
        }
        builder.file("lib/modules/" + kernel.release() + "/modules.dep", dep.toString().getBytes(StandardCharsets.UTF_8),
                0644);
        return modules;
    }

    /** The modules named and all they depend on, dependencies first. */
    static List<ModuleFile> closure(Path modulesDir, Collection<String> names) throws QemuException {
        KernelModules files = KernelModules.in(modulesDir);
        Map<String, ModuleFile> found = new LinkedHashMap<>();
        Deque<String> todo = new ArrayDeque<>();
        names.forEach(n -> todo.add(KernelModules.normalise(n)));
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (found.containsKey(n)) {
                continue;
            }
            Path f = files.path(n).orElseThrow(
                    () -> new QemuException("the kernel package has no module " + n + " under " + modulesDir));
            List<String> depends = depends(f);
            // in the guest uncompressed, whatever the package ships
            found.put(n, new ModuleFile(n, modulesDir.relativize(f).toString().replaceAll("\\.ko\\.(xz|zst|gz)$", ".ko"),
                    f, depends));
            depends.forEach(todo::add);
        }
        List<ModuleFile> ordered = new ArrayList<>();
        for (ModuleFile m : found.values()) {
            addInOrder(m, found, ordered);
        }
        return ordered;
    }

    private static void addInOrder(ModuleFile m, Map<String, ModuleFile> all, List<ModuleFile> out) {
        if (out.contains(m)) {
            return;
        }
        for (String d : m.depends()) {
            addInOrder(all.get(d), all, out);
        }
        out.add(m);
    }

    /** The paths of everything {@code m} needs, nearest first (as depmod writes them). */
    private static List<String> dependencyPaths(ModuleFile m, List<ModuleFile> all) {
        List<String> out = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(m.depends());
        while (!todo.isEmpty()) {
            String n = todo.poll();
            for (ModuleFile d : all) {
                if (d.name().equals(n) && !out.contains(d.path())) {
                    out.add(d.path());
                    todo.addAll(d.depends());
                }
            }
        }
        return out;
    }

    /** The {@code depends=} list of the module's .modinfo. */
    private static List<String> depends(Path ko) throws QemuException {
        byte[] bytes = contents(ko);
        try (ElfFile elf = ElfFile.of(ko.toString(), ByteBuffer.wrap(bytes))) {
            Optional<ElfSection> info = elf.sectionWithContents(".modinfo");
            if (info.isEmpty()) {
                return List.of();
            }
            ByteBuffer b = elf.contents(info.get());
            byte[] raw = new byte[b.remaining()];
            b.get(raw);
            for (String field : new String(raw, StandardCharsets.UTF_8).split("\0")) {
                if (field.startsWith("depends=")) {
                    String list = field.substring("depends=".length());
                    return list.isEmpty() ? List.of()
                            : Stream.of(list.split(",")).map(KernelModules::normalise).toList();
                }
            }
            return List.of();
        } catch (IOException e) {
            throw new QemuException("cannot read " + ko + ": " + e.getMessage());
        }
    }

    /** The module's bytes, decompressed if the package ships it compressed. */
    private static byte[] contents(Path ko) throws QemuException {
        try {
            return Files.readAllBytes(KernelModules.uncompressed(ko));
        } catch (IOException e) {
            throw new QemuException("cannot read " + ko + ": " + e.getMessage());
        }
    }
}
