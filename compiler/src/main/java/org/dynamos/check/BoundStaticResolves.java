package org.dynamos.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.SourceFunction;
import org.dynamos.image.SymbolType;
import org.dynamos.image.btf.ArrayType;
import org.dynamos.image.btf.CType;
import org.dynamos.image.btf.EnumType;
import org.dynamos.image.btf.FloatType;
import org.dynamos.image.btf.IntType;
import org.dynamos.image.btf.PointerType;
import org.dynamos.image.btf.StructRef;
import org.dynamos.image.btf.StructType;
import org.dynamos.plan.BindPlan;
import org.dynamos.syntax.BindDecl;
import org.dynamos.syntax.Span;

/**
 * E0213: a {@code bind} line names exactly one static object of the image, of the size of the type
 * it gives. gcc names a function's static local {@code VAR.N} ({@code lock.4}), numbered per unit,
 * so two functions of one file may both have a {@code lock}: the one meant is the one the
 * function's code refers to (its own body, or the functions it was inlined into), found by the
 * image's relocations; the unit is the file that defines the object.
 */
public final class BoundStaticResolves {
    /** C's own type names and their sizes on x86-64 (the kernel's typedefs come from BTF). */
    private static final Map<String, Long> BASE = Map.ofEntries(
            Map.entry("char", 1L), Map.entry("signed char", 1L), Map.entry("unsigned char", 1L),
            Map.entry("bool", 1L), Map.entry("_Bool", 1L),
            Map.entry("short", 2L), Map.entry("unsigned short", 2L),
            Map.entry("int", 4L), Map.entry("unsigned", 4L), Map.entry("unsigned int", 4L),
            Map.entry("long", 8L), Map.entry("unsigned long", 8L),
            Map.entry("long long", 8L), Map.entry("unsigned long long", 8L));

    private BoundStaticResolves() {
    }

    /** The object {@code b} names, or empty after reporting why there is not exactly one. */
    public static Optional<BindPlan> resolve(BindDecl b, KernelImage image, Diagnostics out) {
        String var = b.variable();
        Pattern local = Pattern.compile(Pattern.quote(var) + "(\\.\\d+)?");
        Optional<String> unit = b.target().unit();
        List<KernelSymbol> candidates = new ArrayList<>();
        for (KernelSymbol s : image.symbols()) {
            if (s.type() == SymbolType.OBJECT && local.matcher(s.name()).matches()
                    && (unit.isEmpty() || inUnit(s, unit.get(), image))) {
                candidates.add(s);
            }
        }
        if (b.function().isPresent()) {
            Set<Long> holders = holders(b.function().get(), unit, image);
            candidates.removeIf(c -> image.callers(c).stream().noneMatch(f -> holders.contains(f.address())));
        }
        String where = b.function().map(f -> "static local '" + var + "' of " + f).orElse("static '" + var + "'")
                + unit.map(u -> " in " + u).orElse("");
        if (candidates.size() != 1) {
            List<String> notes = new ArrayList<>();
            List<KernelSymbol> all = candidates.isEmpty() ? sameName(local, image) : candidates;
            for (KernelSymbol c : all.subList(0, Math.min(8, all.size()))) {
                notes.add(c.name() + " (" + (c.fileName() == null ? "global" : c.fileName()) + "), used by "
                        + image.callers(c).stream().limit(4).map(KernelSymbol::name).distinct()
                        .collect(Collectors.joining(", ")));
            }
            out.add(Messages.of("E0213", b.target().span(), notes, where,
                    candidates.isEmpty() ? "the image has no such object" : "the image has " + candidates.size(),
                    candidates.isEmpty() ? "name the function whose static local it is and the file defining it"
                            : "name the function it belongs to and its unit"));
            return Optional.empty();
        }
        KernelSymbol object = candidates.get(0);
        OptionalLong size = size(b, image);
        Span type = b.type().get(0).span().to(b.type().get(b.type().size() - 1).span());
        if (size.isEmpty()) {
            out.add(Messages.of("E0213", type, List.of(), where, "the image's BTF has no type '" + b.cType() + "'",
                    "give the type as the kernel's source declares it: a typedef (spinlock_t), struct NAME, a C type"));
            return Optional.empty();
        }
        if (object.size() != 0 && size.getAsLong() != object.size()) {
            out.add(Messages.of("E0213", type, List.of(), where, "'" + b.cType() + "' is " + size.getAsLong()
                    + " bytes but " + object.name() + " is " + object.size(), "give the type the kernel's source declares"));
            return Optional.empty();
        }
        return Optional.of(new BindPlan(b, object));
    }

    /** The functions holding {@code function}'s code: its own copies and those it was inlined into. */
    private static Set<Long> holders(String function, Optional<String> unit, KernelImage image) {
        Set<Long> holders = new HashSet<>();
        for (KernelSymbol f : image.symbols(function)) {
            if (f.isFunction()) {
                holders.add(f.address());
                image.sourceFunction(f).ifPresent(sf -> sf.inlinedInto().forEach(c -> holders.add(c.address())));
            }
        }
        for (SourceFunction sf : image.inlinedOnly(function)) {
            if (unit.isEmpty() || TargetInUnit.matches(unit.get(), sf.declaredIn(), null)
                    || sf.inlinedInto().stream().anyMatch(c -> unit.get().equals(TargetInUnit.unitOf(c, image)))) {
                sf.inlinedInto().forEach(c -> holders.add(c.address()));
            }
        }
        return holders;
    }

    /** A local's unit is known by its file's base name; the functions using it tell the path. */
    private static boolean inUnit(KernelSymbol s, String unit, KernelImage image) {
        String base = unit.substring(unit.lastIndexOf('/') + 1);
        if (s.fileName() != null && !s.fileName().equals(base)) {
            return false;
        }
        List<KernelSymbol> users = image.callers(s);
        return users.isEmpty() || users.stream().anyMatch(f -> unit.equals(TargetInUnit.unitOf(f, image)));
    }

    private static List<KernelSymbol> sameName(Pattern local, KernelImage image) {
        return image.symbols().stream().filter(s -> s.type() == SymbolType.OBJECT && local.matcher(s.name()).matches())
                .toList();
    }

    /** The size of the type {@code b} gives, from C's own names or the image's BTF. */
    static OptionalLong size(BindDecl b, KernelImage image) {
        if (b.pointers() > 0) {
            return OptionalLong.of(8);
        }
        List<String> words = b.type().stream().map(i -> i.text()).toList();
        String joined = String.join(" ", words);
        if (BASE.containsKey(joined)) {
            return OptionalLong.of(BASE.get(joined));
        }
        if (words.size() == 2 && (words.get(0).equals("struct") || words.get(0).equals("union"))) {
            return image.struct(words.get(1)).map(s -> OptionalLong.of(s.size())).orElse(OptionalLong.empty());
        }
        if (words.size() == 1) {
            return image.typedef(words.get(0)).map(t -> sizeOf(t.target(), image, 0)).orElse(OptionalLong.empty());
        }
        return OptionalLong.empty();
    }

    private static OptionalLong sizeOf(CType t, KernelImage image, int depth) {
        CType u = t.unqualified();
        if (depth > 16) {
            return OptionalLong.empty();
        }
        if (u instanceof IntType i) {
            return OptionalLong.of(i.size());
        } else if (u instanceof EnumType e) {
            return OptionalLong.of(e.size());
        } else if (u instanceof FloatType f) {
            return OptionalLong.of(f.size());
        } else if (u instanceof PointerType) {
            return OptionalLong.of(8);
        } else if (u instanceof StructType s) {
            return OptionalLong.of(s.size());
        } else if (u instanceof StructRef r) {
            return image.struct(r.name()).map(s -> OptionalLong.of(s.size())).orElse(OptionalLong.empty());
        } else if (u instanceof ArrayType a) {
            OptionalLong e = sizeOf(a.element(), image, depth + 1);
            return e.isPresent() ? OptionalLong.of(e.getAsLong() * a.length()) : e;
        }
        return OptionalLong.empty();
    }
}
