package org.dynamos.patch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.dynamos.image.ElfKernelImage;
import org.dynamos.image.ElfSection;
import org.dynamos.image.KernelSymbol;
import org.dynamos.image.SymbolBinding;

/**
 * Is a kernel source tree the one the image was built from? Each function of a unit built from
 * the tree ({@link UnitBuild}) must be, byte for byte, the image's function of that name and
 * unit — except the fields the link fills in (every relocation of the object), whose targets are
 * compared instead where the image names them unambiguously (a call to a global function must
 * reach that function in the image). A function the image does not have was inlined into every
 * caller, dropped, or (weak) replaced by another unit's, and is only listed.
 *
 * <p>What boot-time patching changes (alternatives, fentry sites, static calls, jump labels)
 * is not in the image file either, so it needs no mask.
 */
public final class SourceMatchesImage {

    /** A function whose code differs, with where and how. */
    public record Mismatch(String function, String reason) {
    }

    /**
     * @param unit       the unit compared
     * @param matching   functions equal to the image's
     * @param mismatches functions that are not
     * @param notInImage functions of the object the image has no copy of (inlined, dropped, or weak
 *                   and replaced by another unit's)
     * @param references relocation targets checked against the image
     */
    public record Report(String unit, List<String> matching, List<Mismatch> mismatches, List<String> notInImage,
                         int references) {
        public boolean matches() {
            return mismatches.isEmpty();
        }
    }

    private static final int R_X86_64_64 = 1;
    private static final int R_X86_64_PC32 = 2;
    private static final int R_X86_64_PLT32 = 4;
    private static final int R_X86_64_32S = 11;

    private SourceMatchesImage() {
    }

    /** Compares the functions of {@code unit}'s object with {@code image} (a vmlinux, not an index). */
    public static Report compare(String unit, List<ObjectSymbol> functions, ElfKernelImage image) throws IOException {
        List<String> matching = new ArrayList<>();
        List<Mismatch> mismatches = new ArrayList<>();
        List<String> notInImage = new ArrayList<>();
        int references = 0;
        for (ObjectSymbol f : functions) {
            Optional<KernelSymbol> s = counterpart(f, unit, image);
            if (s.isEmpty()) {
                notInImage.add(f.name());
                continue;
            }
            if (s.get().size() != f.size()) {
                mismatches.add(new Mismatch(f.name(), "it is " + f.size() + " bytes built from the source, "
                        + s.get().size() + " in the image"));
                continue;
            }
            byte[] theirs = bytes(s.get(), image);
            Optional<String> why = difference(f, theirs)
                    .or(() -> wrongReference(f, s.get(), theirs, image));
            if (why.isPresent()) {
                mismatches.add(new Mismatch(f.name(), why.get()));
            } else {
                matching.add(f.name());
                references += (int) f.relocations().stream().filter(r -> checkable(r, image)).count();
            }
        }
        return new Report(unit, matching, mismatches, notInImage, references);
    }

    /**
     * The image's function of the same name and unit; none for a weak function the link replaced
     * by another unit's.
     */
    private static Optional<KernelSymbol> counterpart(ObjectSymbol f, String unit, ElfKernelImage image) {
        List<KernelSymbol> named = image.symbols(f.name()).stream().filter(KernelSymbol::isFunction).toList();
        if (f.weak()) {
            return named.stream().filter(s -> image.compileUnit(s).map(unit::equals).orElse(false)).findFirst();
        }
        if (named.size() == 1 && (f.global() || unit.equals(image.compileUnit(named.get(0)).orElse(unit)))) {
            return Optional.of(named.get(0));
        }
        return named.stream().filter(s -> image.compileUnit(s).map(unit::equals).orElse(false)).findFirst();
    }

    /** Why the image's bytes are not the object's, outside the relocated fields; empty if they are. */
    private static Optional<String> difference(ObjectSymbol f, byte[] theirs) {
        boolean[] masked = f.relocatedBytes();
        for (int i = 0; i < f.size(); i++) {
            if (!masked[i] && f.code()[i] != theirs[i]) {
                return Optional.of(String.format("its code differs at +0x%x: %s built from the source, %s in the image",
                        i, hex(f.code(), i), hex(theirs, i)));
            }
        }
        return Optional.empty();
    }

    /** A relocation against a global the image names once: its field can be checked. */
    private static boolean checkable(ObjectSymbol.Relocation r, ElfKernelImage image) {
        return !r.target().isEmpty() && !r.target().startsWith(".") // a section: the unit's data, laid out by the link
                && (r.type() == R_X86_64_PC32 || r.type() == R_X86_64_PLT32 || r.type() == R_X86_64_32S
                        || r.type() == R_X86_64_64)
                && image.symbols(r.target()).stream().filter(t -> t.binding() != SymbolBinding.LOCAL).count() == 1;
    }

    /**
     * The first field of a checkable relocation that does not hold its symbol's address (plus the
     * addend, PC-relative where the type is), as a reason; empty when all do.
     */
    private static Optional<String> wrongReference(ObjectSymbol f, KernelSymbol s, byte[] bytes, ElfKernelImage image) {
        ByteBuffer theirs = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (ObjectSymbol.Relocation r : f.relocations()) {
            if (!checkable(r, image)) {
                continue;
            }
            KernelSymbol t = image.symbols(r.target()).stream().filter(x -> x.binding() != SymbolBinding.LOCAL)
                    .findFirst().orElseThrow();
            long target = t.address() + r.addend();
            boolean ok = switch (r.type()) {
                case R_X86_64_PC32, R_X86_64_PLT32 -> theirs.getInt(r.offset()) == (int) (target - (s.address() + r.offset()));
                case R_X86_64_32S -> theirs.getInt(r.offset()) == (int) target;
                default -> theirs.getLong(r.offset()) == target; // R_X86_64_64
            };
            if (!ok) {
                return Optional.of(String.format("at +0x%x it refers to %s%+d in the source, to another address in the image",
                        r.offset(), r.target(), r.addend()));
            }
        }
        return Optional.empty();
    }

    private static byte[] bytes(KernelSymbol s, ElfKernelImage image) throws IOException {
        ElfSection section = image.elf().section(s.section())
                .orElseThrow(() -> new IOException("the image has no section " + s.section()));
        byte[] out = new byte[(int) s.size()];
        ByteBuffer b = image.elf().range(section.offset() + (s.address() - section.address()), s.size());
        b.get(out);
        return out;
    }

    private static String hex(byte[] b, int from) {
        return HexFormat.of().formatHex(b, from, Math.min(b.length, from + 8));
    }
}
