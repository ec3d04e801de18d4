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
            Optional<String> why = difference(f, s.get(), image);
            if (why.isPresent()) {
                mismatches.add(new Mismatch(f.name(), why.get()));
                continue;
            }
            references += checkedReferences(f, s.get(), image, mismatches);
            if (mismatches.isEmpty() || !mismatches.get(mismatches.size() - 1).function().equals(f.name())) {
                matching.add(f.name());
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
    private static Optional<String> difference(ObjectSymbol f, KernelSymbol s, ElfKernelImage image)
            throws IOException {
        if (s.size() != f.size()) {
            return Optional.of("it is " + f.size() + " bytes built from the source, " + s.size() + " in the image");
        }
        byte[] theirs = bytes(s, image);
        boolean[] masked = new boolean[f.size()];
        for (ObjectSymbol.Relocation r : f.relocations()) {
            for (int i = r.offset(); i < r.offset() + r.width() && i < masked.length; i++) {
                masked[i] = true;
            }
        }
        for (int i = 0; i < f.size(); i++) {
            if (!masked[i] && f.code()[i] != theirs[i]) {
                return Optional.of(String.format("its code differs at +0x%x: %s built from the source, %s in the image",
                        i, hex(f.code(), i), hex(theirs, i)));
            }
        }
        return Optional.empty();
    }

    /**
     * Checks the fields of relocations against global functions and objects the image names once:
     * the field must hold that symbol's address (plus the addend, PC-relative where the type is).
     */
    private static int checkedReferences(ObjectSymbol f, KernelSymbol s, ElfKernelImage image,
                                         List<Mismatch> mismatches) throws IOException {
        ByteBuffer theirs = ByteBuffer.wrap(bytes(s, image)).order(ByteOrder.LITTLE_ENDIAN);
        int checked = 0;
        for (ObjectSymbol.Relocation r : f.relocations()) {
            if (r.target().isEmpty() || r.target().startsWith(".")) {
                continue; // a section: data of the unit, laid out by the link
            }
            List<KernelSymbol> targets = image.symbols(r.target()).stream()
                    .filter(t -> t.binding() != SymbolBinding.LOCAL).toList();
            if (targets.size() != 1) {
                continue;
            }
            long target = targets.get(0).address() + r.addend();
            long field = s.address() + r.offset();
            long expected;
            long found;
            switch (r.type()) {
                case R_X86_64_PC32, R_X86_64_PLT32 -> {
                    expected = (int) (target - field);
                    found = theirs.getInt(r.offset());
                }
                case R_X86_64_32S -> {
                    expected = (int) target;
                    found = theirs.getInt(r.offset());
                }
                case R_X86_64_64 -> {
                    expected = target;
                    found = theirs.getLong(r.offset());
                }
                default -> {
                    continue;
                }
            }
            if (expected != found) {
                mismatches.add(new Mismatch(f.name(), String.format(
                        "at +0x%x it refers to %s%+d in the source, to another address in the image",
                        r.offset(), r.target(), r.addend())));
                return checked;
            }
            checked++;
        }
        return checked;
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
