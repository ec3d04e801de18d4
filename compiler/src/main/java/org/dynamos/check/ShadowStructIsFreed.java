package org.dynamos.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.diag.NameSuggestions;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.btf.CType;
import org.dynamos.image.btf.FunctionPrototype;
import org.dynamos.image.btf.PointerType;
import org.dynamos.image.btf.StructRef;
import org.dynamos.image.btf.StructType;
import org.dynamos.syntax.ShadowDecl;

/**
 * E0127: a shadow field is added to a struct the kernel has (by BTF). E0126: the objects a shadow field is added to are freed by a function the runtime can hook, so
 * their shadow values are freed with them (docs/runtime.md, "Shadow fields"). The function is the
 * one the kernel uses for that struct ({@code free_task} for {@code task_struct}), or one named
 * {@code free_S}, {@code S_free} or {@code __free_S}; the image must have it as a function with
 * an fentry site whose first parameter is a {@code struct S *} (by BTF).
 */
public final class ShadowStructIsFreed {
    /** The free function of structs whose name does not say it. */
    private static final Map<String, String> KNOWN = Map.of(
            "task_struct", "free_task",
            "pipe_inode_info", "free_pipe_info",
            "mm_struct", "__mmdrop");

    private ShadowStructIsFreed() {
    }

    /** The function freeing objects of {@code shadow}'s struct, or empty after E0126. */
    public static Optional<KernelSymbol> freedBy(ShadowDecl shadow, KernelImage image, Diagnostics out) {
        String struct = shadow.struct().text();
        if (image.struct(struct).isEmpty()) {
            List<String> close = image.struct(struct + "_struct").isPresent() ? List.of(struct + "_struct") : List.of();
            out.add(Messages.of("E0127", shadow.struct().span(), struct,
                    close.isEmpty() ? "name a struct as the kernel's BTF does, without the word struct"
                            : "did you mean " + NameSuggestions.quoteList(close) + "?"));
            return Optional.empty();
        }
        for (String name : candidates(struct)) {
            Optional<KernelSymbol> fn = frees(name, struct, image);
            if (fn.isPresent()) {
                return fn;
            }
        }
        out.add(Messages.of("E0126", shadow.struct().span(), struct, String.join(", ", candidates(struct)),
                known()));
        return Optional.empty();
    }

    static List<String> candidates(String struct) {
        Set<String> names = new LinkedHashSet<>();
        Optional.ofNullable(KNOWN.get(struct)).ifPresent(names::add);
        names.add("free_" + struct);
        names.add(struct + "_free");
        names.add("__free_" + struct);
        return new ArrayList<>(names);
    }

    private static String known() {
        return KNOWN.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " (" + e.getValue() + ")").reduce((a, b) -> a + ", " + b).orElse("");
    }

    /** {@code name}, if it is one traceable function taking a {@code struct S *} first. */
    private static Optional<KernelSymbol> frees(String name, String struct, KernelImage image) {
        List<KernelSymbol> fns = image.symbols(name).stream().filter(KernelSymbol::isFunction).toList();
        if (fns.size() != 1 || image.fentryOffset(fns.get(0)).isEmpty()) {
            return Optional.empty();
        }
        Optional<FunctionPrototype> p = image.prototype(name);
        if (p.isEmpty() || p.get().parameters().isEmpty()) {
            return Optional.empty();
        }
        CType first = p.get().parameters().get(0).type().unqualified();
        if (first instanceof PointerType ptr) {
            CType target = ptr.target().unqualified();
            String named = target instanceof StructRef r ? r.name() : target instanceof StructType s ? s.name() : null;
            if (struct.equals(named)) {
                return Optional.of(fns.get(0));
            }
        }
        return Optional.empty();
    }
}
