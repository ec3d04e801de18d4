package org.dynamos.trial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dynamos.image.ElfFile;
import org.dynamos.image.ElfSection;
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
        Map<String, Path> files = index(modulesDir);
        Map<String, ModuleFile> found = new LinkedHashMap<>();
        Deque<String> todo = new ArrayDeque<>();
        names.forEach(n -> todo.add(canonical(n)));
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (found.containsKey(n)) {
                continue;
            }
            Path f = files.get(n);
            if (f == null) {
                throw new QemuException("the kernel package has no module " + n + " under " + modulesDir);
            }
            List<String> depends = depends(f);
            found.put(n, new ModuleFile(n, modulesDir.relativize(f).toString().replaceAll("\\.xz$", ""), f, depends));
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

    /** Module name to file, for every .ko (or .ko.xz) under {@code modulesDir}/kernel. */
    private static Map<String, Path> index(Path modulesDir) throws QemuException {
        Map<String, Path> files = new TreeMap<>();
        Path kernelDir = modulesDir.resolve("kernel");
        try (Stream<Path> walk = Files.walk(kernelDir)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                String f = p.getFileName().toString();
                if (f.endsWith(".ko") || f.endsWith(".ko.xz")) {
                    files.putIfAbsent(canonical(f.substring(0, f.indexOf(".ko"))), p);
                }
            });
        } catch (IOException e) {
            throw new QemuException("cannot list the kernel's modules in " + kernelDir + ": " + e.getMessage());
        }
        return files;
    }

    /** The kernel's spelling of a module name: '-' and '_' are the same. */
    static String canonical(String name) {
        return name.replace('-', '_');
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
                            : Stream.of(list.split(",")).map(GuestKernelModules::canonical).toList();
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
            if (!ko.toString().endsWith(".xz")) {
                return Files.readAllBytes(ko);
            }
            Process p = new ProcessBuilder("xz", "-dc", ko.toString()).redirectErrorStream(false).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            if (p.waitFor() != 0) {
                throw new QemuException("cannot decompress " + ko + " (xz exited " + p.exitValue() + ")");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new QemuException("cannot read " + ko + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuException("interrupted while decompressing " + ko);
        }
    }
}
