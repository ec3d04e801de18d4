package org.dynamos.image.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes small BTF blobs by hand, for the kinds gcc does not emit (ENUM64, TYPE_TAG, FWD). */
final class BtfBlob {
    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private int next = 1;

    BtfBlob() {
        strings.write(0);
    }

    /** @return the offset of {@code s} in the string section (0 for the empty string) */
    int string(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        int at = strings.size();
        strings.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        strings.write(0);
        return at;
    }

    /** Appends a type record and its extra words; @return its id */
    int type(String name, int kind, int vlen, boolean kindFlag, int sizeOrType, int... extra) {
        word(string(name));
        word((kindFlag ? 1 << 31 : 0) | kind << 24 | vlen);
        word(sizeOrType);
        for (int w : extra) {
            word(w);
        }
        return next++;
    }

    /** @return a member or enumerator name offset, for use inside {@code extra} words */
    int name(String s) {
        return string(s);
    }

    private void word(int w) {
        types.write(w);
        types.write(w >>> 8);
        types.write(w >>> 16);
        types.write(w >>> 24);
    }

    ByteBuffer build() {
        byte[] t = types.toByteArray();
        byte[] s = strings.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(24 + t.length + s.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24)
                .putInt(0).putInt(t.length).putInt(t.length).putInt(s.length);
        b.put(t).put(s);
        return b.flip();
    }
}
