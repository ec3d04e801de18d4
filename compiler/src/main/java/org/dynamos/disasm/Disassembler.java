package org.dynamos.disasm;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An x86-64 disassembler over Debian's libcapstone (4 or 5), with detail on: instruction
 * boundaries, generic groups, relative branch targets and the offsets of displacement and
 * immediate fields. One instance holds one Capstone handle and one instruction buffer: it is
 * not thread-safe; open one per thread. Bytes in a direct buffer (a mapped vmlinux) are decoded in
 * place through {@code cs_disasm_iter}; heap bytes are copied to native memory first.
 */
public final class Disassembler implements AutoCloseable {
    private final CapstoneLayout layout;
    private final String version;
    private final long handle;
    private final Pointer insn;
    private final ByteBuffer insnView;
    private final ByteBuffer detailView;
    private final Memory state;
    private final Pointer codeSlot;
    private final Pointer sizeSlot;
    private final Pointer addressSlot;
    private final int x86;
    private boolean closed;

    private Disassembler() {
        if (CapstoneNative.library() == null) {
            throw new DisassemblerUnavailableException("libcapstone cannot be loaded ("
                    + CapstoneNative.failure() + "); install libcapstone4 (Debian 12) or libcapstone5 (Debian 13)");
        }
        Memory mm = new Memory(8);
        CapstoneNative.cs_version(mm, mm.share(4));
        int major = mm.getInt(0);
        int minor = mm.getInt(4);
        this.version = major + "." + minor;
        this.layout = CapstoneLayout.of(major);
        if (layout == null) {
            throw new DisassemblerUnavailableException("libcapstone " + version + " (" + CapstoneNative.library()
                    + ") has a structure layout dynamos does not know (4 and 5 are supported)");
        }
        Memory h = new Memory(8);
        int err = CapstoneNative.cs_open(CapstoneNative.CS_ARCH_X86, CapstoneNative.CS_MODE_64, h);
        if (err != 0) {
            throw new DisassemblerUnavailableException("cs_open failed with error " + err);
        }
        this.handle = h.getLong(0);
        // Detail must be on before cs_malloc, which allocates the detail block only then.
        CapstoneNative.cs_option(handle, CapstoneNative.CS_OPT_DETAIL, CapstoneNative.CS_OPT_ON);
        CapstoneNative.cs_option(handle, CapstoneNative.CS_OPT_SYNTAX, CapstoneNative.CS_OPT_SYNTAX_ATT);
        this.insn = CapstoneNative.cs_malloc(handle);
        this.insnView = insn.getByteBuffer(0, CapstoneLayout.INSN_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        Pointer detail = insn.getPointer(layout.detailPointer());
        this.detailView = detail.getByteBuffer(0, layout.detailBytes()).order(ByteOrder.LITTLE_ENDIAN);
        this.x86 = layout.x86();
        this.state = new Memory(24);
        this.codeSlot = state.share(0, 8);
        this.sizeSlot = state.share(8, 8);
        this.addressSlot = state.share(16, 8);
    }

    /**
     * Opens a disassembler and checks the structure layout on known instructions.
     *
     * @throws DisassemblerUnavailableException if libcapstone is missing or its layout is unknown
     */
    public static Disassembler open() {
        Disassembler d = new Disassembler();
        try {
            d.selfCheck();
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    /** @return whether libcapstone can be loaded (for tests that need it) */
    public static boolean available() {
        try (Disassembler d = open()) {
            return true;
        } catch (DisassemblerUnavailableException | UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** @return the library's version, e.g. {@code 4.0} */
    public String version() {
        return version;
    }

    /** @return the library file loaded, e.g. {@code libcapstone.so.4} */
    public static String library() {
        return CapstoneNative.library();
    }

    /**
     * Decodes {@code code} (from its position to its limit) as instructions at {@code address}.
     *
     * @param withText whether to keep each instruction's AT&amp;T text (slower)
     */
    public Decoding decode(ByteBuffer code, long address, boolean withText) {
        List<Instruction> out = new ArrayList<>();
        int failed = decode(code, address, withText, out);
        return new Decoding(out, failed < 0 ? 0 : address + failed, failed >= 0);
    }

    /**
     * Decodes into {@code out}.
     *
     * @return the offset (from {@code address}) of the first undecodable byte, or -1 if the whole range decoded
     */
    public int decode(ByteBuffer code, long address, boolean withText, List<Instruction> out) {
        if (closed) {
            throw new IllegalStateException("disassembler closed");
        }
        int length = code.remaining();
        if (length == 0) {
            return -1;
        }
        Pointer base;
        Memory copy = null;
        if (code.isDirect()) {
            base = Native.getDirectBufferPointer(code).share(code.position());
        } else {
            copy = new Memory(length);
            byte[] b = new byte[length];
            code.duplicate().get(b);
            copy.write(0, b, 0, length);
            base = copy;
        }
        codeSlot.setPointer(0, base);
        sizeSlot.setLong(0, length);
        addressSlot.setLong(0, address);
        while (true) {
            long remaining = sizeSlot.getLong(0);
            if (remaining == 0) {
                return -1;
            }
            if (CapstoneNative.cs_disasm_iter(handle, codeSlot, sizeSlot, addressSlot, insn) == 0) {
                return (int) (length - remaining);
            }
            out.add(read(withText));
        }
    }

    private Instruction read(boolean withText) {
        ByteBuffer in = insnView;
        ByteBuffer d = detailView;
        long addr = in.getLong(8);
        int size = Short.toUnsignedInt(in.getShort(16));
        int groups = 0;
        int count = d.get(layout.groupsCount()) & 0xff;
        for (int g = 0; g < count && g < 8; g++) {
            int id = d.get(layout.groups() + g) & 0xff;
            if (id > 0 && id < 32) {
                groups |= 1 << id;
            }
        }
        int enc = x86 + CapstoneLayout.X86_ENCODING;
        int modrmOffset = d.get(enc) & 0xff;
        int dispOffset = d.get(enc + 1) & 0xff;
        int dispSize = d.get(enc + 2) & 0xff;
        int immOffset = d.get(enc + 3) & 0xff;
        int immSize = d.get(enc + 4) & 0xff;
        if (dispSize == 2) {
            // 64-bit mode has no 16-bit displacement: Capstone 4 reports the operand size of
            // instructions with a 0x66 prefix there; the field is the 32-bit displacement.
            dispSize = 4;
        }
        long target = 0;
        if ((groups & Instruction.BRANCH_RELATIVE) != 0) {
            int op0 = x86 + CapstoneLayout.X86_OPERANDS;
            if (d.get(x86 + CapstoneLayout.X86_OP_COUNT) > 0 && d.getInt(op0 + CapstoneLayout.OP_TYPE) == CapstoneLayout.OP_TYPE_IMM) {
                target = d.getLong(op0 + CapstoneLayout.OP_IMM);
            }
        }
        boolean rip = false;
        if (dispSize == 4 && dispOffset > 0 && modrmOffset > 0 && dispOffset == modrmOffset + 1) {
            int modrm = in.get(18 + modrmOffset) & 0xff; // cs_insn.bytes starts at 18 in both versions
            rip = (modrm & 0xc7) == 0x05;
        }
        String text = withText ? text() : null;
        return new Instruction(addr, size, groups, target, dispOffset, dispSize, immOffset, immSize, rip, text);
    }

    private String text() {
        String m = cString(insnView, layout.mnemonic(), 32);
        String ops = cString(insnView, layout.operands(), 160);
        return ops.isEmpty() ? m : m + " " + ops;
    }

    private static String cString(ByteBuffer b, int at, int max) {
        int n = 0;
        while (n < max && b.get(at + n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        b.get(at, s);
        return new String(s, StandardCharsets.ISO_8859_1);
    }

    /** Decodes instructions whose fields are known, to catch a wrong layout before it misleads. */
    private void selfCheck() {
        ByteBuffer code = ByteBuffer.allocateDirect(32);
        code.put(new byte[] {
            (byte) 0xe8, 0x10, 0, 0, 0,                                  // call .+0x15
            (byte) 0xc7, 0x05, 0x78, 0x56, 0x34, 0x12, 0x01, 0, 0, 0,    // movl $1, 0x12345678(%rip)
            (byte) 0x75, (byte) 0xfe,                                    // jne .
            (byte) 0xc3});                                               // ret
        code.flip();
        Decoding dec = decode(code, 0x1000, true);
        List<Instruction> is = dec.instructions();
        boolean ok = dec.complete() && is.size() == 4
                && is.get(0).is(Instruction.CALL | Instruction.BRANCH_RELATIVE) && is.get(0).branchTarget() == 0x1015
                && is.get(1).ripRelative() && is.get(1).dispOffset() == 2 && is.get(1).dispSize() == 4
                && is.get(1).immOffset() == 6 && is.get(1).immSize() == 4
                && is.get(2).is(Instruction.JUMP | Instruction.BRANCH_RELATIVE) && is.get(2).branchTarget() == 0x100f
                && is.get(3).is(Instruction.RET) && is.get(0).text().startsWith("call");
        if (!ok) {
            throw new DisassemblerUnavailableException("libcapstone " + version + " (" + CapstoneNative.library()
                    + ") decodes known instructions with unexpected details: " + is);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (insn != null) {
                CapstoneNative.cs_free(insn, 1);
            }
            Memory h = new Memory(8);
            h.setLong(0, handle);
            CapstoneNative.cs_close(h);
        }
    }
}
