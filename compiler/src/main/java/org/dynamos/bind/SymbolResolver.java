package org.dynamos.bind;

import java.util.List;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;

/**
 * Where the binder looks up kernel symbols: every definition of a name in the vmlinux. A
 * {@link KernelImage} serves as one ({@code image::symbols}).
 */
@FunctionalInterface
public interface SymbolResolver {
    /** @return all definitions of {@code name} (several for statics in several files), or none */
    List<KernelSymbol> definitions(String name);

    /** @return a resolver backed by a kernel image model */
    static SymbolResolver of(KernelImage image) {
        return image::symbols;
    }
}
