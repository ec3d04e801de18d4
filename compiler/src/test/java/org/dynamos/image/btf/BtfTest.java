package org.dynamos.image.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.approvaltests.Approvals;
import org.dynamos.image.ElfFile;
import org.dynamos.image.ElfFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BTF read from what gcc -gbtf emits for types.c, and from blobs written by hand. */
class BtfTest {
    @TempDir
    static Path dir;
    static Btf btf;

    @BeforeAll
    static void compile() throws IOException {
        Path o = ElfFixtures.object("/org/dynamos/image/btf/types.c", dir, List.of("-O2", "-gbtf"));
        try (ElfFile elf = ElfFile.open(o)) {
            ByteBuffer section = elf.contents(elf.section(".BTF").orElseThrow());
            ByteBuffer copy = ByteBuffer.allocate(section.remaining()).order(ByteOrder.LITTLE_ENDIAN);
            copy.put(section).flip();
            btf = Btf.parse(copy);
        }
    }

    @Test
    void prototypesPrintAsCDeclaresThem() {
        String all = List.of("may_open", "take_flags", "log_it", "no_args", "pick").stream()
                .map(f -> btf.prototype(f).map(FunctionPrototype::toString).orElse(f + ": none"))
                .collect(Collectors.joining("\n"));
        assertEquals(String.join("\n",
                "int may_open(struct user_namespace *mnt_userns, const struct path *path, int acc_mode, int flag)",
                "int take_flags(struct flags *f, u32 n, loff_t *pos)",
                "int log_it(const char *fmt, ...)",
                "void no_args(void)",
                "int (*pick(int which))(int, const char *)"), all);
    }

    @Test
    void parametersAreFoundByName() {
        FunctionPrototype p = btf.prototype("may_open").orElseThrow();
        assertEquals(2, p.indexOf("acc_mode").getAsInt());
        CType path = p.parameter("path").orElseThrow().type();
        PointerType ptr = assertInstanceOf(PointerType.class, path);
        assertEquals(new QualifiedType(QualifiedType.Qualifier.CONST, new StructRef(false, "path")), ptr.target());
        assertEquals(new IntType("int", 4, true), p.returnType());
        assertTrue(p.parameter("nosuch").isEmpty());
        TypedefType u32 = assertInstanceOf(TypedefType.class, btf.prototype("take_flags").orElseThrow()
                .parameter("n").orElseThrow().type());
        assertEquals(new IntType("unsigned int", 4, false), u32.unqualified());
    }

    @Test
    void structsHaveTheirMembersOffsetsAndBitfields() {
        StructType flags = btf.struct("flags").orElseThrow();
        Approvals.verify(flags.definition() + "\n\n" + flags.fields().stream()
                .map(f -> (f.name().isEmpty() ? "(anonymous)" : f.name()) + " @" + f.bitOffset() + (f.isBitfield() ? " :" + f.bitSize() : ""))
                .collect(Collectors.joining("\n")));
    }

    @Test
    void membersOfAnonymousUnionsAreFoundThroughThem() {
        StructType flags = btf.struct("flags").orElseThrow();
        StructType.Field bytes = flags.field("bytes").orElseThrow();
        StructType.Field u = flags.field("as_u32").orElseThrow();
        assertEquals(u.bitOffset(), bytes.bitOffset());
        assertEquals(flags.fields().stream().filter(f -> f.name().isEmpty()).findFirst().orElseThrow().bitOffset(),
                u.bitOffset());
        assertTrue(flags.field("nosuch").isEmpty());
    }

    @Test
    void selfReferenceGoesThroughAStructRef() {
        StructType list = btf.struct("list_head").orElseThrow();
        assertEquals("struct list_head *next", list.fields().get(0).toString());
        assertTrue(btf.struct("user_namespace").isEmpty(), "only declared");
    }

    @Test
    void enum64TypeTagsAndForwardDeclarationsFromAHandWrittenBlob() throws IOException {
        BtfBlob b = new BtfBlob();
        int u64 = b.type("long long unsigned int", Btf.KIND_INT, 0, false, 8, 64);
        int big = b.type("big", Btf.KIND_ENUM64, 2, false, 8,
                b.name("SMALL"), 1, 0, b.name("HUGE"), 0, 1);
        int neg = b.type("neg", Btf.KIND_ENUM, 1, true, 4, b.name("MINUS"), -5);
        int fwd = b.type("opaque", Btf.KIND_FWD, 0, true, 0);
        int tag = b.type("user", Btf.KIND_TYPE_TAG, 0, false, u64);
        int ptr = b.type("", Btf.KIND_PTR, 0, false, tag);
        int ptrFwd = b.type("", Btf.KIND_PTR, 0, false, fwd);
        int s = b.type("bits", Btf.KIND_STRUCT, 3, true, 16,
                b.name("lo"), u64, 3 << 24, b.name("hi"), u64, 5 << 24 | 3, b.name("p"), ptr, 64);
        int proto = b.type("", Btf.KIND_FUNC_PROTO, 2, false, big, b.name("x"), ptrFwd, b.name("e"), neg);
        b.type("f", Btf.KIND_FUNC, 1, false, proto);
        Btf blob = Btf.parse(b.build());
        assertEquals(s + 1 + 2, blob.typeCount());
        EnumType e = assertInstanceOf(EnumType.class, blob.type(big));
        assertEquals(List.of(new EnumType.Enumerator("SMALL", 1), new EnumType.Enumerator("HUGE", 1L << 32)), e.values());
        assertEquals(-5, ((EnumType) blob.type(neg)).values().get(0).value());
        assertEquals("enum big f(union opaque *x, enum neg e)", blob.prototype("f").orElseThrow().toString());
        StructType bits = blob.struct("bits").orElseThrow();
        assertEquals(List.of("unsigned long long lo : 3", "unsigned long long hi : 5", "unsigned long long *p"),
                bits.fields().stream().map(StructType.Field::toString).collect(Collectors.toList()));
        assertEquals(3, bits.field("hi").orElseThrow().bitOffset());
        assertEquals(8, bits.field("p").orElseThrow().byteOffset());
    }

    @Test
    void malformedBlobsAreRefused() {
        assertThrows(BtfFormatException.class, () -> Btf.parse(ByteBuffer.allocate(24)));
        BtfBlob b = new BtfBlob();
        b.type("x", 31, 0, false, 0);
        assertThrows(BtfFormatException.class, () -> Btf.parse(b.build()));
        ByteBuffer cut = new BtfBlob().build();
        cut.putInt(12, 1000);
        assertThrows(BtfFormatException.class, () -> Btf.parse(cut));
    }
}
