package org.dynamos.image.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A BTF blob (the kernel's {@code .BTF} section), read by hand: one pass at opening records where
 * each type starts; types are decoded into {@link CType}s when asked for, and the name indexes of
 * functions, structs and typedefs are built on first use. Thread-safe.
 *
 * <p>Format: {@code Documentation/bpf/btf.rst} of the kernel tree. Type id 0 is {@code void}; ids
 * count from 1 in the order types appear.
 */
public final class Btf {
    static final int MAGIC = 0xeb9f;

    static final int KIND_INT = 1;
    static final int KIND_PTR = 2;
    static final int KIND_ARRAY = 3;
    static final int KIND_STRUCT = 4;
    static final int KIND_UNION = 5;
    static final int KIND_ENUM = 6;
    static final int KIND_FWD = 7;
    static final int KIND_TYPEDEF = 8;
    static final int KIND_VOLATILE = 9;
    static final int KIND_CONST = 10;
    static final int KIND_RESTRICT = 11;
    static final int KIND_FUNC = 12;
    static final int KIND_FUNC_PROTO = 13;
    static final int KIND_VAR = 14;
    static final int KIND_DATASEC = 15;
    static final int KIND_FLOAT = 16;
    static final int KIND_DECL_TAG = 17;
    static final int KIND_TYPE_TAG = 18;
    static final int KIND_ENUM64 = 19;

    private static final int TYPE_HEADER = 12;
    private static final int MAX_DEPTH = 256;

    private final ByteBuffer types;
    private final byte[] strings;
    private final int[] offsets;
    private final Map<Integer, CType> decoded = new HashMap<>();
    private Map<String, Integer> functions;
    /** The first id of the blob's own types: 1, or after the base's for split BTF. */
    private int firstOwn = 1;

    private Btf(ByteBuffer types, byte[] strings, int[] offsets) {
        this.types = types;
        this.strings = strings;
        this.offsets = offsets;
    }

    /**
     * Reads split BTF (a module's {@code .BTF}) on top of its base (vmlinux's): the split blob's
     * type ids continue after the base's and its string offsets after the base's string section,
     * so the two are read as one blob, base first. Function look-ups prefer the split blob's own.
     *
     * @throws BtfFormatException if either blob is malformed
     */
    public static Btf parseSplit(ByteBuffer split, ByteBuffer base) throws BtfFormatException {
        ByteBuffer b = base.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer s = split.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 24 || s.remaining() < 24 || Short.toUnsignedInt(b.getShort(0)) != MAGIC
                || Short.toUnsignedInt(s.getShort(0)) != MAGIC) {
            throw new BtfFormatException("not BTF (bad magic), or a big-endian blob");
        }
        int[] bh = header(b);
        int[] sh = header(s);
        int typeLen = bh[1] + sh[1];
        int strLen = bh[3] + sh[3];
        ByteBuffer joined = ByteBuffer.allocate(24 + typeLen + strLen).order(ByteOrder.LITTLE_ENDIAN);
        joined.putShort((short) MAGIC).put((byte) 1).put((byte) 0).putInt(24)
                .putInt(0).putInt(typeLen).putInt(typeLen).putInt(strLen);
        joined.put(b.slice(bh[0], bh[1])).put(s.slice(sh[0], sh[1]));
        joined.put(b.slice(bh[2], bh[3])).put(s.slice(sh[2], sh[3]));
        Btf all = parse(joined.flip());
        int own = 1;
        while (own < all.offsets.length && all.offsets[own] < bh[1]) {
            own++;
        }
        all.firstOwn = own; // the first id whose record lies past the base's types
        return all;
    }

    /** {type start, type length, string start, string length} of a blob, checked. */
    private static int[] header(ByteBuffer b) throws BtfFormatException {
        int hdrLen = b.getInt(4);
        int typeOff = b.getInt(8);
        int typeLen = b.getInt(12);
        int strOff = b.getInt(16);
        int strLen = b.getInt(20);
        long typeStart = (long) hdrLen + typeOff;
        long strStart = (long) hdrLen + strOff;
        if (hdrLen < 24 || typeOff < 0 || typeLen < 0 || strOff < 0 || strLen < 0
                || typeStart + typeLen > b.limit() || strStart + strLen > b.limit()) {
            throw new BtfFormatException("BTF header points outside the blob");
        }
        return new int[] {(int) typeStart, typeLen, (int) strStart, strLen};
    }

    /**
     * Reads the type offsets of a BTF blob. The buffer is not copied (but the string section is).
     *
     * @throws BtfFormatException if the header or a type record is malformed
     */
    public static Btf parse(ByteBuffer blob) throws BtfFormatException {
        ByteBuffer b = blob.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position(0);
        if (b.remaining() < 24 || Short.toUnsignedInt(b.getShort(0)) != MAGIC) {
            throw new BtfFormatException("not BTF (bad magic), or a big-endian blob");
        }
        int[] h = header(b);
        int typeLen = h[1];
        ByteBuffer types = b.slice(h[0], typeLen).order(ByteOrder.LITTLE_ENDIAN);
        byte[] strings = new byte[h[3]];
        b.get(h[2], strings);
        int[] offsets = new int[Math.max(16, typeLen / 16)];
        int count = 1; // id 0 is void
        int at = 0;
        while (at < typeLen) {
            if (at + TYPE_HEADER > typeLen) {
                throw new BtfFormatException("BTF type " + count + " is cut short");
            }
            int info = types.getInt(at + 4);
            int kind = (info >>> 24) & 0x1f;
            int vlen = info & 0xffff;
            int extra = switch (kind) {
                case KIND_INT, KIND_VAR, KIND_DECL_TAG -> 4;
                case KIND_ARRAY -> 12;
                case KIND_STRUCT, KIND_UNION, KIND_DATASEC, KIND_ENUM64 -> 12 * vlen;
                case KIND_ENUM, KIND_FUNC_PROTO -> 8 * vlen;
                case KIND_PTR, KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_FUNC,
                        KIND_FLOAT, KIND_TYPE_TAG -> 0;
                default -> throw new BtfFormatException("BTF type " + count + " has unknown kind " + kind);
            };
            if (count == offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, count * 2);
            }
            offsets[count++] = at;
            at += TYPE_HEADER + extra;
        }
        return new Btf(types, strings, java.util.Arrays.copyOf(offsets, count));
    }

    /** @return the number of type ids, {@code void} included */
    public int typeCount() {
        return offsets.length;
    }

    /** @return the prototype of the function named {@code name}, if BTF has it */
    public synchronized Optional<FunctionPrototype> prototype(String name) {
        // Once functionNames() has built the name index (a caller with many look-ups), use it.
        int id = functions != null ? functions.getOrDefault(name, 0) : 0;
        if (functions == null && firstOwn > 1) {
            id = find(name, KIND_FUNC, -1, firstOwn);
        }
        if (id == 0 && functions == null) {
            id = find(name, KIND_FUNC, -1);
        }
        if (id == 0) {
            return Optional.empty();
        }
        CType proto = type(typeRef(id));
        return proto instanceof FunctionType f ? Optional.of(new FunctionPrototype(name, f)) : Optional.empty();
    }

    /** @return the struct or union with this tag (a complete definition, not a forward declaration) */
    public synchronized Optional<StructType> struct(String name) {
        int id = find(name, KIND_STRUCT, KIND_UNION);
        return id == 0 ? Optional.empty() : Optional.of((StructType) expand(id, 0, new HashSet<>()));
    }

    /** @return the type a typedef name stands for, as a {@link TypedefType} */
    public synchronized Optional<TypedefType> typedef(String name) {
        int id = find(name, KIND_TYPEDEF, -1);
        return id == 0 ? Optional.empty() : Optional.of((TypedefType) type(id));
    }

    /** @return the names of every function BTF describes */
    public synchronized Set<String> functionNames() {
        return java.util.Collections.unmodifiableSet(functionIndex().keySet());
    }

    /** @return type {@code id} as used in a declaration (named structs and unions as {@link StructRef}s) */
    public synchronized CType type(int id) {
        return resolve(id, 0, new HashSet<>());
    }

    private CType resolve(int id, int depth, Set<Integer> active) {
        if (id <= 0 || id >= offsets.length) {
            return VoidType.VOID;
        }
        CType known = decoded.get(id);
        if (known != null) {
            return known;
        }
        int kind = kind(id);
        if ((kind == KIND_STRUCT || kind == KIND_UNION) && !name(id).isEmpty()) {
            CType ref = new StructRef(kind == KIND_UNION, name(id));
            decoded.put(id, ref);
            return ref;
        }
        if (kind == KIND_FWD) {
            CType ref = new StructRef(kindFlag(id), name(id));
            decoded.put(id, ref);
            return ref;
        }
        CType t = expand(id, depth, active);
        decoded.put(id, t);
        return t;
    }

    /** Decodes type {@code id} itself (a named struct with its members, not a reference). */
    private CType expand(int id, int depth, Set<Integer> active) {
        if (depth > MAX_DEPTH || !active.add(id)) {
            return VoidType.VOID; // malformed: a cycle not broken by a named struct
        }
        try {
            int at = offsets[id];
            int info = types.getInt(at + 4);
            int kind = (info >>> 24) & 0x1f;
            int vlen = info & 0xffff;
            boolean kindFlag = (info >>> 31) != 0;
            int sizeOrType = types.getInt(at + 8);
            int d = depth + 1;
            switch (kind) {
                case KIND_INT: {
                    int enc = types.getInt(at + 12);
                    return new IntType(cName(name(id)), sizeOrType, (enc >>> 24 & 1) != 0);
                }
                case KIND_FLOAT:
                    return new FloatType(name(id), sizeOrType);
                case KIND_PTR:
                    return new PointerType(resolve(sizeOrType, d, active));
                case KIND_ARRAY:
                    return new ArrayType(resolve(types.getInt(at + 12), d, active),
                            Integer.toUnsignedLong(types.getInt(at + 20)));
                case KIND_STRUCT:
                case KIND_UNION: {
                    List<StructType.Field> fields = new ArrayList<>(vlen);
                    for (int i = 0; i < vlen; i++) {
                        int m = at + TYPE_HEADER + 12 * i;
                        int off = types.getInt(m + 8);
                        long bitOffset = kindFlag ? off & 0xffffff : Integer.toUnsignedLong(off);
                        int bitSize = kindFlag ? off >>> 24 : 0;
                        fields.add(new StructType.Field(string(types.getInt(m)), resolve(types.getInt(m + 4), d, active),
                                bitOffset, bitSize));
                    }
                    return new StructType(name(id), kind == KIND_UNION, Integer.toUnsignedLong(sizeOrType), fields);
                }
                case KIND_ENUM:
                case KIND_ENUM64: {
                    List<EnumType.Enumerator> values = new ArrayList<>(vlen);
                    for (int i = 0; i < vlen; i++) {
                        if (kind == KIND_ENUM) {
                            int m = at + TYPE_HEADER + 8 * i;
                            int v = types.getInt(m + 4);
                            values.add(new EnumType.Enumerator(string(types.getInt(m)),
                                    kindFlag ? v : Integer.toUnsignedLong(v)));
                        } else {
                            int m = at + TYPE_HEADER + 12 * i;
                            long v = Integer.toUnsignedLong(types.getInt(m + 4)) | ((long) types.getInt(m + 8) << 32);
                            values.add(new EnumType.Enumerator(string(types.getInt(m)), v));
                        }
                    }
                    return new EnumType(name(id), sizeOrType, kindFlag, values);
                }
                case KIND_TYPEDEF:
                    return new TypedefType(name(id), resolve(sizeOrType, d, active));
                case KIND_CONST:
                    return new QualifiedType(QualifiedType.Qualifier.CONST, resolve(sizeOrType, d, active));
                case KIND_VOLATILE:
                    return new QualifiedType(QualifiedType.Qualifier.VOLATILE, resolve(sizeOrType, d, active));
                case KIND_RESTRICT:
                    return new QualifiedType(QualifiedType.Qualifier.RESTRICT, resolve(sizeOrType, d, active));
                case KIND_TYPE_TAG:
                    return resolve(sizeOrType, d, active); // __user and friends: not part of the C type
                case KIND_FUNC_PROTO: {
                    List<Parameter> params = new ArrayList<>(vlen);
                    boolean variadic = false;
                    for (int i = 0; i < vlen; i++) {
                        int m = at + TYPE_HEADER + 8 * i;
                        int nameOff = types.getInt(m);
                        int type = types.getInt(m + 4);
                        if (i == vlen - 1 && nameOff == 0 && type == 0) {
                            variadic = true;
                        } else {
                            params.add(new Parameter(string(nameOff), resolve(type, d, active)));
                        }
                    }
                    return new FunctionType(resolve(sizeOrType, d, active), params, variadic);
                }
                default:
                    return VoidType.VOID; // FUNC, VAR, DATASEC, DECL_TAG are not types of values
            }
        } finally {
            active.remove(id);
        }
    }

    private Map<String, Integer> functionIndex() {
        if (functions == null) {
            functions = index(KIND_FUNC, -1);
        }
        return functions;
    }

    /**
     * @return the first id of kind {@code kindA} or {@code kindB} named {@code name} (among structs
     *         and unions, the one with the most members), or 0. A scan comparing name bytes: cheaper
     *         than building a name index for the few look-ups a check makes.
     */
    private int find(String name, int kindA, int kindB) {
        return find(name, kindA, kindB, 1);
    }

    private int find(String name, int kindA, int kindB, int from) {
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        int best = 0;
        for (int id = from; id < offsets.length; id++) {
            int at = offsets[id];
            int k = (types.getInt(at + 4) >>> 24) & 0x1f;
            if ((k == kindA || k == kindB) && nameEquals(types.getInt(at), key)) {
                if (k != KIND_STRUCT && k != KIND_UNION) {
                    return id;
                }
                if (best == 0 || vlen(id) > vlen(best)) {
                    best = id;
                }
            }
        }
        return best;
    }

    private boolean nameEquals(int at, byte[] key) {
        if (at <= 0 || at + key.length >= strings.length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (strings[at + i] != key[i]) {
                return false;
            }
        }
        return strings[at + key.length] == 0;
    }

    /** Name to first id of that kind. */
    private Map<String, Integer> index(int kindA, int kindB) {
        Map<String, Integer> m = new HashMap<>();
        for (int id = firstOwn; id < offsets.length; id++) { // a split blob's own first
            int k = kind(id);
            if ((k == kindA || k == kindB) && types.getInt(offsets[id]) != 0) {
                m.putIfAbsent(name(id), id);
            }
        }
        for (int id = 1; id < firstOwn; id++) {
            int k = kind(id);
            if ((k == kindA || k == kindB) && types.getInt(offsets[id]) != 0) {
                m.putIfAbsent(name(id), id);
            }
        }
        return m;
    }

    private int kind(int id) {
        return (types.getInt(offsets[id] + 4) >>> 24) & 0x1f;
    }

    private int vlen(int id) {
        return types.getInt(offsets[id] + 4) & 0xffff;
    }

    private boolean kindFlag(int id) {
        return (types.getInt(offsets[id] + 4) >>> 31) != 0;
    }

    private int typeRef(int id) {
        return types.getInt(offsets[id] + 8);
    }

    private String name(int id) {
        return string(types.getInt(offsets[id]));
    }

    private String string(int at) {
        if (at <= 0 || at >= strings.length) {
            return "";
        }
        int end = at;
        while (end < strings.length && strings[end] != 0) {
            end++;
        }
        return new String(strings, at, end - at, StandardCharsets.UTF_8);
    }

    /** DWARF's base type names ({@code long unsigned int}) as C programmers write them. */
    static String cName(String dwarfName) {
        return switch (dwarfName) {
            case "long unsigned int" -> "unsigned long";
            case "long int" -> "long";
            case "long long unsigned int" -> "unsigned long long";
            case "long long int" -> "long long";
            case "short unsigned int" -> "unsigned short";
            case "short int" -> "short";
            case "unsigned int" -> "unsigned int";
            default -> dwarfName;
        };
    }
}
