package org.dynamos.image.dwarf;

import java.util.List;

/**
 * What DWARF says about one source function: where it is declared, whether it returns, and every
 * place its code lives in the image.
 *
 * @param name        its source name
 * @param declaredIn  the source file it is declared in ({@code include/linux/jhash.h}, {@code fs/namei.c})
 * @param line        the line of that declaration
 * @param noreturn    whether it is declared {@code noreturn}
 * @param outOfLine   entry addresses of its out-of-line instances: the function itself, static copies
 *                    of a header function in other units, and compiler clones ({@code .isra},
 *                    {@code .constprop}, {@code .part}), sorted
 * @param inlinedInto entry addresses of the functions it was inlined into, sorted, without duplicates
 */
public record FunctionFacts(String name, String declaredIn, int line, boolean noreturn, List<Long> outOfLine,
                            List<Long> inlinedInto) {

    public FunctionFacts {
        outOfLine = List.copyOf(outOfLine);
        inlinedInto = List.copyOf(inlinedInto);
    }
}
