package org.dynamos.patch;

import java.util.List;

/**
 * A function or data object of a relocatable object built with {@code -ffunction-sections
 * -fdata-sections}: its bytes as the compiler left them (relocated fields zero; none for
 * {@code .bss}) and the relocations in them.
 *
 * @param name     the symbol's name
 * @param global   whether the symbol is global or weak (else static)
 * @param weak     whether it is weak: the link keeps another definition if there is one
 * @param section  the section it lives in ({@code .text.NAME}, {@code .init.text}, {@code .data.NAME}, ...)
 * @param function whether it is a function (else a data object)
 * @param code     its bytes
 * @param relocations the relocations whose fields lie in {@code code}, by offset
 */
public record ObjectSymbol(String name, boolean global, boolean weak, String section, boolean function, byte[] code,
                           List<Relocation> relocations) {

    /**
     * One relocation: the field at {@code offset} (of {@code width} bytes) becomes the address of
     * {@code target} + {@code addend}, relative to the field for the PC-relative types.
     *
     * @param target a symbol's name, or a section's for a section symbol ({@code .rodata.str1.1})
     * @param string for a reference into a string section, the string it reaches (wherever the
     *               compiler placed it), else null
     */
    public record Relocation(int offset, int type, int width, String target, long addend, String string) {

        /** What the field refers to, independent of where strings were laid out. */
        public String key() {
            return string != null ? "string \"" + escaped(string) + "\"" : target + (addend >= 0 ? "+" : "") + addend;
        }

        private static String escaped(String s) {
            StringBuilder b = new StringBuilder();
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '\n' -> b.append("\\n");
                    case '\t' -> b.append("\\t");
                    case '"', '\\' -> b.append('\\').append(c);
                    default -> {
                        if (c < 0x20 || c >= 0x7f) {
                            b.append(String.format("\\x%02x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.toString();
        }
    }

    public int size() {
        return code.length;
    }

    /** Which bytes of {@code code} the link fills in: those of each relocation's field. */
    public boolean[] relocatedBytes() {
        boolean[] out = new boolean[code.length];
        for (Relocation r : relocations) {
            for (int i = r.offset(); i < r.offset() + r.width() && i < out.length; i++) {
                out[i] = true;
            }
        }
        return out;
    }
}
