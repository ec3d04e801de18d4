package org.dynamos.bind;

import org.dynamos.image.KernelSymbol;

/**
 * One symbol of a module bound to a kernel symbol.
 *
 * @param name        the undefined name in the module (may be synthetic, e.g. {@code __dynamos_target_0})
 * @param target      the vmlinux symbol it now refers to
 * @param kind        how it was bound
 * @param delta       {@code vmlinuxAddr(target) - vmlinuxAddr(_printk)} added to each retargeted
 *                    addend; 0 for {@link BindKind#PERCPU}
 * @param relocations how many relocation entries referred to it
 */
public record Binding(String name, KernelSymbol target, BindKind kind, long delta, int relocations) {
}
