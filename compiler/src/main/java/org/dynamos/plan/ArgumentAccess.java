package org.dynamos.plan;

/**
 * How a predicate reads {@code arg.NAME.FIELD…} in the generated C: an
 * expression over {@code call->args[]} (the six argument registers saved at
 * the function's entry) using the runtime's NULL-safe load helpers.
 *
 * @param cType      the C type of the value ({@code u32}, {@code s64}, {@code bool}, {@code unsigned long} for pointers)
 * @param expression the C expression yielding it
 */
public record ArgumentAccess(String cType, String expression) {
}
