package org.dynamos.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What identifies a kernel image: its release string, taken from the bytes of {@code linux_banner}
 * ("Linux version 6.1.0-57-cloud-amd64 (...)"), and its GNU build-id note (in {@code .notes} in a
 * vmlinux, {@code .note.gnu.build-id} elsewhere: every {@code SHT_NOTE} section is searched).
 */
final class ImageIdentity {
    private static final Pattern BANNER = Pattern.compile("^Linux version (\\S+)");
    private static final int NT_GNU_BUILD_ID = 3;

    private ImageIdentity() {
    }

    static Optional<String> release(ElfFile elf, List<KernelSymbol> banners) throws IOException {
        for (KernelSymbol banner : banners) {
            ElfSection home = homeOf(elf, banner);
            if (home == null) {
                continue;
            }
            long avail = home.size() - (banner.address() - home.address());
            long len = Math.min(banner.size() > 0 ? banner.size() : 256, avail);
            ByteBuffer b = elf.range(home.offset() + (banner.address() - home.address()), len);
            byte[] bytes = new byte[b.remaining()];
            b.get(0, bytes);
            Matcher m = BANNER.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    static Optional<String> buildId(ElfFile elf) throws IOException {
        for (ElfSection s : elf.sections()) {
            if (s.type() != ElfSection.SHT_NOTE) {
                continue;
            }
            ByteBuffer n = elf.contents(s);
            int at = 0;
            while (at + 12 <= n.limit()) {
                int namesz = n.getInt(at);
                int descsz = n.getInt(at + 4);
                int type = n.getInt(at + 8);
                int name = at + 12;
                int desc = name + align4(namesz);
                if (namesz < 0 || descsz < 0 || desc + descsz > n.limit()) {
                    break;
                }
                if (type == NT_GNU_BUILD_ID && namesz == 4 && ElfFile.cString(n, name).equals("GNU")) {
                    StringBuilder hex = new StringBuilder();
                    for (int i = 0; i < descsz; i++) {
                        hex.append(String.format("%02x", n.get(desc + i) & 0xff));
                    }
                    return Optional.of(hex.toString());
                }
                at = desc + align4(descsz);
            }
        }
        return Optional.empty();
    }

    private static ElfSection homeOf(ElfFile elf, KernelSymbol sym) {
        for (ElfSection s : elf.sections()) {
            if (s.name().equals(sym.section()) && !s.isNobits() && !s.isOmitted() && s.containsAddress(sym.address())) {
                return s;
            }
        }
        return null;
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }
}
