package org.dynamos.bind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.Region;
import org.dynamos.image.SymbolBinding;
import org.dynamos.image.SymbolType;

/**
 * Chooses the vmlinux symbol an undefined module symbol means, and how to bind it, or says why
 * it cannot be bound: unknown name, several definitions, only in init/exit memory, an absolute
 * constant, not loaded at run time.
 */
final class TargetSelector {
    /** The outcome for one name. */
    sealed interface Choice permits Target, Refusal {
    }

    /** A usable target. */
    record Target(KernelSymbol symbol, BindKind kind) implements Choice {
    }

    /** A reason not to bind. */
    record Refusal(String message) implements Choice {
    }

    private final SymbolResolver resolver;

    TargetSelector(SymbolResolver resolver) {
        this.resolver = resolver;
    }

    /** @return the definition {@code name} refers to in the vmlinux, by its name alone */
    Choice select(String name) {
        List<KernelSymbol> candidates = new ArrayList<>();
        for (KernelSymbol s : resolver.definitions(name)) {
            if (s.type() != SymbolType.FILE && s.type() != SymbolType.SECTION && !s.section().equals("*UND*")) {
                candidates.add(s);
            }
        }
        if (candidates.isEmpty()) {
            return new Refusal("not in the vmlinux (neither exported nor defined there)");
        }
        List<KernelSymbol> usable = candidates.stream().filter(s -> kindOf(s) != null).collect(Collectors.toList());
        if (usable.isEmpty()) {
            return refuse(candidates.get(0));
        }
        Map<Long, KernelSymbol> distinct = new LinkedHashMap<>();
        for (KernelSymbol s : usable) {
            distinct.merge(s.address(), s, (a, b) -> a.binding() == SymbolBinding.LOCAL ? b : a);
        }
        if (distinct.size() == 1) {
            KernelSymbol s = distinct.values().iterator().next();
            return new Target(s, kindOf(s));
        }
        List<KernelSymbol> external = usable.stream()
                .filter(s -> s.binding() != SymbolBinding.LOCAL).collect(Collectors.toList());
        if (external.size() == 1) {
            // An extern declaration in C means the one definition with external linkage.
            return new Target(external.get(0), kindOf(external.get(0)));
        }
        String list = usable.stream()
                .map(s -> (s.fileName() == null ? "?" : s.fileName()) + " at 0x" + Long.toHexString(s.address()))
                .collect(Collectors.joining(", "));
        return new Refusal("has " + usable.size() + " definitions in the vmlinux (" + list
                + "); name the one meant explicitly");
    }

    /** @return how to bind a symbol the caller chose itself */
    Choice check(KernelSymbol chosen) {
        BindKind kind = kindOf(chosen);
        return kind == null ? refuse(chosen) : new Target(chosen, kind);
    }

    private static Choice refuse(KernelSymbol s) {
        return new Refusal(switch (s.region()) {
            case INIT -> "exists only in " + s.section() + " (0x" + Long.toHexString(s.address())
                    + "), init memory that the kernel frees after boot";
            case EXIT -> "exists only in " + s.section() + ", exit code that a built-in kernel discards";
            case ABSOLUTE -> "is an absolute symbol (value 0x" + Long.toHexString(s.address())
                    + "), a constant rather than an address";
            default -> "is not in memory at run time (section " + s.section() + ")";
        });
    }

    private static BindKind kindOf(KernelSymbol s) {
        Region r = s.region();
        return switch (r) {
            case TEXT -> BindKind.TEXT;
            case RODATA, DATA, BSS -> BindKind.DATA;
            case PERCPU -> BindKind.PERCPU;
            default -> null;
        };
    }
}
