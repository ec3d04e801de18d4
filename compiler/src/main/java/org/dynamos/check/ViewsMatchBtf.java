package org.dynamos.check;

import java.util.List;
import java.util.Optional;
import org.dynamos.diag.Diagnostics;
import org.dynamos.diag.Messages;
import org.dynamos.diag.NameSuggestions;
import org.dynamos.image.KernelImage;
import org.dynamos.image.btf.PointerType;
import org.dynamos.image.btf.StructType;
import org.dynamos.image.btf.VoidType;
import org.dynamos.syntax.Update;
import org.dynamos.syntax.ViewDecl;

/**
 * E0129: {@code view STRUCT.FIELD as TARGET;} names, by the image's BTF, a struct STRUCT whose
 * field FIELD is a {@code void *}, and a struct TARGET; each field is viewed once per update.
 * (Whether FIELD really holds a TARGET there is the script author's knowledge, as with a cast in
 * C; predicate reads through it are fault-safe either way.)
 */
public final class ViewsMatchBtf {

    private ViewsMatchBtf() {
    }

    public static void check(Update u, KernelImage image, Diagnostics out) {
        for (int i = 0; i < u.views().size(); i++) {
            ViewDecl v = u.views().get(i);
            for (ViewDecl earlier : u.views().subList(0, i)) {
                if (earlier.struct().text().equals(v.struct().text()) && earlier.field().text().equals(v.field().text())) {
                    out.add(Messages.of("E0129", v.span(), "the field " + v.struct().text() + "." + v.field().text()
                            + " is viewed twice", "keep the view of line " + earlier.span().line()));
                }
            }
            Optional<StructType> s = image.struct(v.struct().text());
            if (s.isEmpty()) {
                out.add(Messages.of("E0129", v.struct().span(), "the kernel has no struct '" + v.struct().text() + "'",
                        "name a struct as the kernel's BTF does, without the word struct"));
                continue;
            }
            Optional<StructType.Field> f = s.get().field(v.field().text());
            if (f.isEmpty()) {
                List<String> close = NameSuggestions.closest(v.field().text(),
                        s.get().fields().stream().map(StructType.Field::name).toList(), 2);
                out.add(Messages.of("E0129", v.field().span(), "struct " + v.struct().text() + " has no field '"
                        + v.field().text() + "'", close.isEmpty() ? "name a field of the struct"
                        : "did you mean " + NameSuggestions.quoteList(close) + "?"));
                continue;
            }
            if (!(f.get().type().unqualified() instanceof PointerType p && p.target().unqualified() instanceof VoidType)) {
                out.add(Messages.of("E0129", v.field().span(), v.struct().text() + "." + v.field().text() + " is "
                        + org.dynamos.image.btf.CDeclarations.declaration(f.get().type(), "").strip() + ", not void *", "a view says what a void * holds; other fields have their type already"));
            }
            if (image.struct(v.target().text()).isEmpty()) {
                out.add(Messages.of("E0129", v.target().span(), "the kernel has no struct '" + v.target().text() + "'",
                        "name a struct as the kernel's BTF does, without the word struct"));
            }
        }
    }
}
