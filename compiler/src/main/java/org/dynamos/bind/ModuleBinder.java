package org.dynamos.bind;

import org.dynamos.image.RelocationType;
import static org.dynamos.image.RelocationType.*;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dynamos.image.ElfFormatException;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;

/**
 * Makes a module that refers to non-exported kernel symbols loadable under KASLR.
 *
 * <p>Modules are built with {@code KBUILD_MODPOST_WARN=1}, so such symbols stay undefined in the
 * {@code .ko}. For each one (every undefined global the exports do not cover, plus the explicit
 * bindings): every relocation against it is retargeted to the exported anchor {@code _printk} with
 * {@code vmlinuxAddr(sym) - vmlinuxAddr(_printk)} added to the addend (x86-64 KASLR moves the whole
 * image by one offset); per-CPU symbols keep their relocations and take their offset as value. The
 * symbol itself becomes {@code SHN_ABS}, which the loader skips. Nothing is written unless every
 * symbol binds; the file is replaced atomically.
 */
public final class ModuleBinder {
    /** Per-CPU offsets below this are reachable PC-relative from anywhere in the module area. */
    static final long PERCPU_PC32_REACH = 1L << 30;

    private final ExportedSymbols exported;
    private final SymbolResolver resolver;
    private final Map<String, KernelSymbol> explicit;

    /**
     * @param exported what the loader resolves itself (the kernel's {@code Module.symvers}, plus
     *                 those of modules the update depends on)
     * @param resolver the vmlinux symbols
     * @param explicit names in the module the caller already bound to a chosen vmlinux symbol (for
     *                 statics the compiler disambiguated, e.g. {@code __dynamos_target_0}); names
     *                 absent from the module are ignored
     */
    public ModuleBinder(ExportedSymbols exported, SymbolResolver resolver, Map<String, KernelSymbol> explicit) {
        this.exported = exported;
        this.resolver = resolver;
        this.explicit = Map.copyOf(explicit);
    }

    /** A binder without explicit bindings. */
    public ModuleBinder(ExportedSymbols exported, KernelImage image) {
        this(exported, SymbolResolver.of(image), Map.of());
    }

    /**
     * Binds the module at {@code ko} in place.
     *
     * @return what was bound, or the errors (the file is then untouched)
     * @throws IOException if the file cannot be read or replaced
     */
    public BindReport bind(Path ko) throws IOException {
        String label = ko.getFileName().toString();
        ModuleElf elf;
        try {
            elf = new ModuleElf(label, Files.readAllBytes(ko));
        } catch (ElfFormatException e) {
            return failed(ko, 0, List.of(new BindError(label, e.getMessage())));
        }
        TargetSelector selector = new TargetSelector(resolver);
        TargetSelector.Choice anchor = selector.select(KernelImage.ANCHOR);
        long anchorAddress = anchor instanceof TargetSelector.Target t && t.kind() == BindKind.TEXT
                ? t.symbol().address() : 0;

        List<BindError> errors = new ArrayList<>();
        Map<Integer, TargetSelector.Target> targets = selectTargets(elf, selector, errors);
        if (anchorAddress == 0 && !targets.isEmpty()) {
            errors.add(0, new BindError(KernelImage.ANCHOR, "the anchor cannot be used: it "
                    + (anchor instanceof TargetSelector.Refusal r ? r.message() : "is not a function")));
        }
        List<ModuleElf.Rela> relocations = elf.relocations();
        Map<Integer, Integer> uses = checkRelocations(elf, relocations, targets, errors);
        if (!errors.isEmpty()) {
            return failed(ko, anchorAddress, errors);
        }
        if (targets.isEmpty()) {
            return new BindReport(ko, anchorAddress, List.of(), List.of(), false, false);
        }

        int anchorIndex = anchorIndex(elf);
        boolean anchorAdded = anchorIndex < 0 && needsAnchor(targets, relocations);
        if (anchorAdded) {
            Optional<BindError> problem = addAnchor(elf);
            if (problem.isPresent()) {
                return failed(ko, anchorAddress, List.of(problem.get()));
            }
            anchorIndex = elf.symbolCount() - 1;
        }
        retarget(elf, relocations, targets, anchorIndex, anchorAddress);
        List<Binding> bindings = new ArrayList<>();
        for (Map.Entry<Integer, TargetSelector.Target> e : targets.entrySet()) {
            TargetSelector.Target t = e.getValue();
            boolean percpu = t.kind() == BindKind.PERCPU;
            elf.setSymbol(e.getKey(), ModuleElf.SHN_ABS, percpu ? t.symbol().address() : 0);
            bindings.add(new Binding(elf.symbol(e.getKey()).name(), t.symbol(), t.kind(),
                    percpu ? 0 : t.symbol().address() - anchorAddress, uses.getOrDefault(e.getKey(), 0)));
        }
        AtomicFiles.replace(ko, elf.bytes());
        return new BindReport(ko, anchorAddress, bindings, List.of(), anchorAdded, true);
    }

    /**
     * Pass 1: every undefined global the loader cannot resolve (not exported) or that the caller
     * bound explicitly, with its target; refusals go to {@code errors}.
     */
    private Map<Integer, TargetSelector.Target> selectTargets(ModuleElf elf, TargetSelector selector,
                                                              List<BindError> errors) {
        Map<Integer, TargetSelector.Target> targets = new LinkedHashMap<>();
        for (ModuleElf.Symbol s : elf.symbols()) {
            if (s.name().equals(KernelImage.ANCHOR)) {
                if (s.shndx() != ModuleElf.SHN_UNDEF) {
                    errors.add(new BindError(s.name(), "the module defines the anchor symbol itself"));
                }
                continue;
            }
            if (s.index() == 0 || s.shndx() != ModuleElf.SHN_UNDEF || s.binding() == 0 || s.name().isEmpty()) {
                continue;
            }
            KernelSymbol chosen = explicit.get(s.name());
            if (chosen == null && exported.contains(s.name())) {
                continue;
            }
            TargetSelector.Choice choice = chosen != null ? selector.check(chosen) : selector.select(s.name());
            if (choice instanceof TargetSelector.Target t) {
                targets.put(s.index(), t);
            } else {
                errors.add(new BindError(s.name(), ((TargetSelector.Refusal) choice).message()));
            }
        }
        return targets;
    }

    /** Pass 2: every relocation against a target must compute the right value; returns uses per symbol. */
    private static Map<Integer, Integer> checkRelocations(ModuleElf elf, List<ModuleElf.Rela> relocations,
                                                         Map<Integer, TargetSelector.Target> targets,
                                                         List<BindError> errors) {
        Map<Integer, Integer> uses = new LinkedHashMap<>();
        for (ModuleElf.Rela r : relocations) {
            TargetSelector.Target t = targets.get(r.symbol());
            if (t != null) {
                uses.merge(r.symbol(), 1, Integer::sum);
                checkRelocation(elf, r, t, errors);
            }
        }
        return uses;
    }

    private static int anchorIndex(ModuleElf elf) {
        for (ModuleElf.Symbol s : elf.symbols()) {
            if (s.name().equals(KernelImage.ANCHOR)) {
                return s.index();
            }
        }
        return -1;
    }

    /**
     * Pass 3 (only when the module never refers to the anchor): adds {@code _printk} as an
     * undefined global, with a {@code __versions} entry when the module has that table, because
     * the loader refuses a symbol without a version entry on a kernel with CRCs.
     */
    private Optional<BindError> addAnchor(ModuleElf elf) throws ElfFormatException {
        if (elf.versions().isPresent()) {
            Optional<ExportedSymbols.Export> export = exported.get(KernelImage.ANCHOR);
            if (export.isEmpty()) {
                return Optional.of(new BindError(KernelImage.ANCHOR, "the module needs the anchor added, but its "
                        + "symbol version (CRC) is not in the exported symbols given"));
            }
            elf.appendVersion(export.get().crc(), KernelImage.ANCHOR);
        }
        elf.appendUndefinedGlobal(KernelImage.ANCHOR);
        return Optional.empty();
    }

    /** Pass 4: text and data relocations now refer to the anchor, their addend moved by the delta. */
    private static void retarget(ModuleElf elf, List<ModuleElf.Rela> relocations,
                                 Map<Integer, TargetSelector.Target> targets, int anchorIndex, long anchorAddress) {
        for (ModuleElf.Rela r : relocations) {
            TargetSelector.Target t = targets.get(r.symbol());
            if (t != null && t.kind() != BindKind.PERCPU) {
                elf.setRelocation(r, anchorIndex, Math.addExact(r.addend(), t.symbol().address() - anchorAddress));
            }
        }
    }

    /**
     * Checks that a relocation against a bound symbol will compute the right value.
     *
     * <p>Text and data targets are retargeted to the anchor: any absolute 64-bit, sign-extended
     * 32-bit or PC-relative field can hold {@code _printk + delta}; a zero-extended 32-bit field
     * cannot hold a kernel address.
     *
     * <p>A per-CPU symbol's value is an offset from the CPU's area base ({@code %gs}), so it keeps
     * its relocations and the loader applies them to that value, exactly as it does for an exported
     * per-CPU variable. An absolute use ({@code %gs:var}: 32S, 64) yields the offset. A PC-relative
     * use ({@code %gs:var(%rip)}, which gcc emits for {@code this_cpu_read} with the 6.1 headers)
     * yields {@code offset - P} modulo 2<sup>64</sup>, which the CPU adds back to the instruction
     * pointer: right wherever the module lies, and within 32 bits because module text lies in the
     * top 1 GiB of the address space, provided the offset is below {@link #PERCPU_PC32_REACH}.
     * A call or jump to per-CPU data makes no sense and is refused.
     */
    private static void checkRelocation(ModuleElf elf, ModuleElf.Rela r, TargetSelector.Target t,
                                        List<BindError> errors) {
        String name = elf.symbol(r.symbol()).name();
        String where = elf.targetName(r) + "+0x" + Long.toHexString(r.offset());
        int type = r.type();
        String problem = null;
        if (t.kind() != BindKind.PERCPU) {
            if (type == R_X86_64_32) {
                problem = RelocationType.name(type) + " at " + where + " is zero-extended and cannot hold a kernel address";
            } else if (!isRetargetable(type)) {
                problem = RelocationType.name(type) + " at " + where + " is not supported";
            }
        } else {
            long offset = t.symbol().address();
            if (type == R_X86_64_PLT32) {
                problem = "per-CPU symbol " + name + " used as a call or jump target (" + RelocationType.name(type)
                        + " at " + where + ")";
            } else if (isPcRelative(type) && (offset < 0 || offset >= PERCPU_PC32_REACH)) {
                problem = "per-CPU symbol " + name + " used PC-relative (" + RelocationType.name(type) + " at " + where
                        + ") but its offset 0x" + Long.toHexString(offset) + " is beyond reach from module text";
            } else if (!isRetargetable(type) && type != R_X86_64_32) {
                problem = RelocationType.name(type) + " at " + where + " is not supported";
            }
        }
        if (problem != null) {
            errors.add(new BindError(name, problem));
        }
    }

    private static boolean needsAnchor(Map<Integer, TargetSelector.Target> targets, List<ModuleElf.Rela> relocations) {
        for (ModuleElf.Rela r : relocations) {
            TargetSelector.Target t = targets.get(r.symbol());
            if (t != null && t.kind() != BindKind.PERCPU) {
                return true;
            }
        }
        return false;
    }

    private static BindReport failed(Path ko, long anchorAddress, List<BindError> errors) {
        return new BindReport(ko, anchorAddress, List.of(), errors, false, false);
    }

    private static boolean isPcRelative(int type) {
        return type == R_X86_64_PC32 || type == R_X86_64_PLT32 || type == R_X86_64_PC64;
    }

    private static boolean isRetargetable(int type) {
        return type == R_X86_64_64 || type == R_X86_64_PC32 || type == R_X86_64_PLT32
                || type == R_X86_64_32S || type == R_X86_64_PC64;
    }

}
