package org.dynamos.clone;

import org.dynamos.image.RelocationType;
import static org.dynamos.image.RelocationType.*;
import java.nio.ByteBuffer;
import org.dynamos.image.Region;

/**
 * The bytes of a function as the image holds them, and which of them a
 * running kernel may hold differently: its fentry site (a NOP once ftrace
 * starts), every site the kernel's own tables say it rewrites at boot
 * (alternatives, paravirt, jump labels, static calls, retpolines, return
 * thunks, lock prefixes on a uniprocessor), and every field KASLR
 * relocates (absolute 32/32S/64 addresses and PC-relative per-CPU
 * references). A load-time guard compares the rest.
 */
public final class BootPatchedBytes {

    /**
     * @param bytes the image's bytes of the function's first {@code bytes.length} bytes
     * @param mask  per byte: true where the running kernel must hold the same byte
     */
    public record Expected(byte[] bytes, boolean[] mask) {
        /** How many bytes are compared. */
        public int compared() {
            int n = 0;
            for (boolean m : mask) {
                n += m ? 1 : 0;
            }
            return n;
        }
    }

    private BootPatchedBytes() {
    }

    /**
     * The first {@code min(size, limit)} bytes of the function at {@code address}
     * and the mask of those the running kernel keeps as the image has them.
     */
    public static Expected of(CloneContext ctx, long address, long size, long fentryOffset, int limit) {
        int n = (int) Math.min(size, limit);
        ByteBuffer text = ctx.textBytes(address, n);
        byte[] bytes = new byte[n];
        text.get(bytes);
        boolean[] mask = new boolean[n];
        java.util.Arrays.fill(mask, true);
        long end = address + n;
        clear(mask, address, address + fentryOffset, 5);
        KernelTables tables = ctx.tables();
        // sites may start before the function (an alternative covering its first bytes): look a little back
        for (TableKind kind : TableKind.values()) {
            for (TableEntry e : tables.in(kind, address - 16, end)) {
                clear(mask, address, e.site(), patchedLength(kind, e, ctx));
            }
        }
        RelaTable rela = ctx.textRelocations();
        for (int i = rela.firstAtOrAfter(address); i < rela.size() && rela.where(i) < end; i++) {
            int type = rela.type(i);
            int width = switch (type) {
                case R_X86_64_64 -> 8;
                case R_X86_64_32, R_X86_64_32S -> 4;
                case R_X86_64_PC32, R_X86_64_PLT32 ->
                        rela.symbol(i) > 0 && ctx.region(rela.symbol(i)) == Region.PERCPU ? 4 : 0;
                default -> 0;
            };
            clear(mask, address, rela.where(i), width);
        }
        return new Expected(bytes, mask);
    }

    /** How many bytes at a table's site the kernel may rewrite. */
    private static int patchedLength(TableKind kind, TableEntry e, CloneContext ctx) {
        return switch (kind) {
            case ALTERNATIVE -> (int) ((e.data() >>> 16) & 0xff);
            case PARAVIRT -> (int) ((e.key() >>> 8) & 0xff);
            case JUMP_LABEL, STATIC_CALL, RETURN -> 5;
            case RETPOLINE -> ctx.textBytes(e.site(), 1).get() == 0x0f ? 6 : 5;
            case SMP_LOCK -> 1;
            default -> 0; // exception, bug and ORC tables describe code, they do not change it
        };
    }

    private static void clear(boolean[] mask, long base, long at, int width) {
        for (long a = Math.max(at, base); a < at + width && a < base + mask.length; a++) {
            mask[(int) (a - base)] = false;
        }
    }
}
