package org.dynamos.image.btf;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints {@link CType}s as C declarations, inside out as C's declarator syntax requires:
 * {@code char name[16]}, {@code int (*fn)(int, const char *)}, {@code const struct path *path}.
 */
public final class CDeclarations {

    private CDeclarations() {
    }

    /**
     * @param type       the declared type
     * @param declarator the declared name, or empty for an abstract declaration (a type name)
     * @return the declaration, without a trailing semicolon
     */
    public static String declaration(CType type, String declarator) {
        String decl = declarator;
        List<String> baseQualifiers = new ArrayList<>();
        CType t = type;
        while (true) {
            if (t instanceof PointerType p) {
                decl = "*" + decl;
                t = p.target();
            } else if (t instanceof QualifiedType q && q.target() instanceof ArrayType a) {
                // C has no qualified arrays: the qualifier belongs to the elements (DWARF puts it outside)
                t = new ArrayType(hasQualifier(a.element(), q.qualifier()) ? a.element()
                        : new QualifiedType(q.qualifier(), a.element()), a.length());
            } else if (t instanceof QualifiedType q) {
                if (isDerived(q.target())) {
                    decl = q.qualifier().keyword() + (decl.isEmpty() ? "" : " " + decl);
                } else {
                    baseQualifiers.add(0, q.qualifier().keyword());
                }
                t = q.target();
            } else if (t instanceof ArrayType a) {
                decl = parenthesized(decl) + "[" + (a.length() == 0 ? "" : Long.toString(a.length())) + "]";
                t = a.element();
            } else if (t instanceof FunctionType f) {
                decl = parenthesized(decl) + "(" + parameterList(f) + ")";
                t = f.returnType();
            } else {
                StringBuilder b = new StringBuilder();
                for (String q : baseQualifiers) {
                    b.append(q).append(' ');
                }
                b.append(baseName(t));
                if (!decl.isEmpty()) {
                    b.append(' ').append(decl);
                }
                return b.toString();
            }
        }
    }

    /** @return the definition of a struct or union, members indented by one tab */
    public static String definition(StructType s) {
        StringBuilder b = new StringBuilder();
        appendDefinition(b, s, "");
        return b.append(';').toString();
    }

    private static void appendDefinition(StringBuilder b, StructType s, String indent) {
        b.append(s.union() ? "union " : "struct ");
        if (!s.name().isEmpty()) {
            b.append(s.name()).append(' ');
        }
        b.append("{\n");
        for (StructType.Field f : s.fields()) {
            b.append(indent).append('\t');
            if (f.type() instanceof StructType inner && inner.name().isEmpty()) {
                appendDefinition(b, inner, indent + "\t");
                if (!f.name().isEmpty()) {
                    b.append(' ').append(f.name());
                }
            } else {
                b.append(declaration(f.type(), f.name()));
            }
            if (f.isBitfield()) {
                b.append(" : ").append(f.bitSize());
            }
            b.append(";\n");
        }
        b.append(indent).append('}');
    }

    private static boolean isDerived(CType t) {
        CType u = t;
        while (u instanceof QualifiedType q) {
            u = q.target();
        }
        return u instanceof PointerType || u instanceof ArrayType || u instanceof FunctionType;
    }

    private static boolean hasQualifier(CType t, QualifiedType.Qualifier qualifier) {
        CType u = t;
        while (u instanceof QualifiedType q) {
            if (q.qualifier() == qualifier) {
                return true;
            }
            u = q.target();
        }
        return false;
    }

    private static String parenthesized(String decl) {
        return decl.startsWith("*") ? "(" + decl + ")" : decl;
    }

    private static String parameterList(FunctionType f) {
        if (f.parameters().isEmpty()) {
            return f.variadic() ? "..." : "void";
        }
        List<String> ps = new ArrayList<>();
        for (Parameter p : f.parameters()) {
            ps.add(declaration(p.type(), p.name()));
        }
        if (f.variadic()) {
            ps.add("...");
        }
        return String.join(", ", ps);
    }

    private static String baseName(CType t) {
        if (t instanceof StructType s) {
            return s.name().isEmpty() ? (s.union() ? "union {...}" : "struct {...}") : s.toString();
        }
        return t.toString();
    }
}
