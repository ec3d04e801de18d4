package org.dynamos.syntax;

/**
 * {@code replace syscall NAME with F;}: the system call NAME runs F, a C function with the
 * prototype of {@code sys_NAME} in {@code <linux/syscalls.h>}. The build generates the
 * {@code pt_regs} entry points of both ABIs ({@code __x64_sys_NAME}, and {@code __ia32_sys_NAME}
 * where the kernel has one), which replace the kernel's and call F with the arguments decoded as
 * the kernel's own wrappers decode them.
 */
public record SyscallDecl(Ident name, Ident replacement, Span span) {

    /** The kernel's entry point of an ABI ({@code x64}, {@code ia32}). */
    public String entry(String abi) {
        return "__" + abi + "_sys_" + name.text();
    }

    /** The generated entry point standing in for {@link #entry}. */
    public String wrapper(String abi) {
        return "__dynamos_" + abi + "_sys_" + name.text();
    }
}
