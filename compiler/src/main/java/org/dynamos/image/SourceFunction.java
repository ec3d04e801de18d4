package org.dynamos.image;

import java.util.List;

/**
 * What the image's DWARF says about the source function behind a function symbol: where it is
 * declared, whether it returns, and every other place its code lives — so that replacing one
 * symbol is known to leave the other copies running the old code.
 *
 * @param name        its source name ({@code jhash}, also for the symbol {@code jhash.constprop.0})
 * @param declaredIn  the source file it is declared in ({@code include/linux/jhash.h})
 * @param line        the line of that declaration
 * @param noreturn    whether it is declared {@code noreturn}
 * @param outOfLine   every out-of-line instance, this symbol included: static copies of a header
 *                    function in other compile units and compiler clones ({@code .isra.0},
 *                    {@code .constprop.0}, {@code .part.0}), in address order
 * @param inlinedInto the functions the compiler inlined it into, in address order
 */
public record SourceFunction(String name, String declaredIn, int line, boolean noreturn,
                             List<KernelSymbol> outOfLine, List<KernelSymbol> inlinedInto) {

    public SourceFunction {
        outOfLine = List.copyOf(outOfLine);
        inlinedInto = List.copyOf(inlinedInto);
    }

    /** @return the out-of-line instances other than {@code self} */
    public List<KernelSymbol> otherCopies(KernelSymbol self) {
        return outOfLine.stream().filter(s -> s.address() != self.address()).toList();
    }
}
