package org.dynamos.disasm;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/**
 * The few libcapstone functions the disassembler calls, bound by JNA direct mapping (static native
 * methods, no reflection per call). Debian ships the library only under its versioned name and no
 * development package is installed, so {@code libcapstone.so.5} (Debian 13) and
 * {@code libcapstone.so.4} (Debian 12) are opened explicitly; {@code $DYNAMOS_CAPSTONE} names
 * another file. The outcome of loading is kept: {@link #library()} or {@link #failure()}.
 */
final class CapstoneNative {
    static final int CS_ARCH_X86 = 3;
    static final int CS_MODE_64 = 1 << 3;
    static final int CS_OPT_SYNTAX = 1;
    static final int CS_OPT_DETAIL = 2;
    static final int CS_OPT_ON = 3;
    static final int CS_OPT_SYNTAX_ATT = 2;

    private static final String LIBRARY;
    private static final String FAILURE;

    static {
        List<String> names = new ArrayList<>();
        String own = System.getenv("DYNAMOS_CAPSTONE");
        if (own != null && !own.isBlank()) {
            names.add(own);
        }
        names.add("libcapstone.so.5");
        names.add("libcapstone.so.4");
        String loaded = null;
        StringBuilder why = new StringBuilder();
        for (String name : names) {
            try {
                NativeLibrary lib = NativeLibrary.getInstance(name);
                Native.register(CapstoneNative.class, lib);
                loaded = name;
                break;
            } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
                why.append(why.length() == 0 ? "" : "; ").append(name).append(": ").append(e.getMessage());
            }
        }
        LIBRARY = loaded;
        FAILURE = loaded == null ? why.toString() : null;
    }

    private CapstoneNative() {
    }

    /** @return the file name the library was loaded from, or null */
    static String library() {
        return LIBRARY;
    }

    /** @return why no library could be loaded, or null */
    static String failure() {
        return FAILURE;
    }

    static native int cs_version(Pointer major, Pointer minor);

    static native int cs_open(int arch, int mode, Pointer handle);

    static native int cs_option(long handle, int type, long value);

    static native Pointer cs_malloc(long handle);

    static native void cs_free(Pointer insn, long count);

    static native byte cs_disasm_iter(long handle, Pointer code, Pointer size, Pointer address, Pointer insn);

    static native int cs_close(Pointer handle);

    static native int cs_errno(long handle);
}
