package org.dynamos.syntax;

import java.util.List;

/**
 * {@code bind NAME: TYPE = "UNIT":FUNCTION.VAR;}: a static variable of the running kernel — a static
 * local of FUNCTION, or a file-scope static of UNIT — made a typed name in the update's C
 * ({@code extern TYPE NAME;} in the generated prototype header, bound to the kernel's object), so a
 * new version shares it with the original instead of getting a copy.
 *
 * @param type     the C type's words ({@code spinlock_t}, {@code struct mutex}, {@code unsigned long})
 * @param pointers how many {@code *} follow them
 * @param target   the variable: {@code FUNCTION.VAR} or {@code VAR}, with the unit if given
 */
public record BindDecl(Ident name, List<Ident> type, int pointers, FunctionRef target, Span span) {

    public BindDecl {
        type = List.copyOf(type);
    }

    /** The C type as written: {@code struct mutex *}. */
    public String cType() {
        return String.join(" ", type.stream().map(Ident::text).toList()) + (pointers > 0 ? " " + "*".repeat(pointers) : "");
    }

    /** The function whose static local it is, if the target names one ({@code audit_log_lost}). */
    public java.util.Optional<String> function() {
        String t = target.name().text();
        int dot = t.lastIndexOf('.');
        return dot < 0 ? java.util.Optional.empty() : java.util.Optional.of(t.substring(0, dot));
    }

    /** The variable's name in the source ({@code lock}). */
    public String variable() {
        String t = target.name().text();
        return t.substring(t.lastIndexOf('.') + 1);
    }
}
