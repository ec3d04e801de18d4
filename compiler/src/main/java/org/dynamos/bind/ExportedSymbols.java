package org.dynamos.bind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The symbols the module loader resolves by itself: those listed in a {@code Module.symvers}
 * ({@code 0xcrc<TAB>name<TAB>module<TAB>EXPORT_SYMBOL[_GPL]<TAB>namespace}), from the kernel and
 * possibly from other modules (the runtime core).
 */
public final class ExportedSymbols {
    /**
     * One line of {@code Module.symvers}.
     *
     * @param name      exported name
     * @param crc       symbol version CRC
     * @param module    {@code vmlinux} or the exporting module's path
     * @param kind      {@code EXPORT_SYMBOL} or {@code EXPORT_SYMBOL_GPL}
     * @param namespace symbol namespace, empty if none
     */
    public record Export(String name, long crc, String module, String kind, String namespace) {
    }

    private final Map<String, Export> byName;

    private ExportedSymbols(Map<String, Export> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** @return an empty set (nothing exported) */
    public static ExportedSymbols none() {
        return new ExportedSymbols(new LinkedHashMap<>());
    }

    /** @return the exports listed in a {@code Module.symvers} file */
    public static ExportedSymbols read(Path symvers) throws IOException {
        return parse(Files.readAllLines(symvers, StandardCharsets.UTF_8));
    }

    /**
     * Parses {@code Module.symvers} lines; blank lines and lines with fewer than four fields are
     * skipped, a CRC that is not hexadecimal counts as 0.
     */
    public static ExportedSymbols parse(List<String> lines) {
        Map<String, Export> map = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            if (f.length < 4 || f[1].isEmpty()) {
                continue;
            }
            map.putIfAbsent(f[1], new Export(f[1], crc(f[0]), f[2], f[3], f.length > 4 ? f[4] : ""));
        }
        return new ExportedSymbols(map);
    }

    /** @return the names of a plain list, as if exported by vmlinux (for tests and callers without a file) */
    public static ExportedSymbols of(Collection<String> names) {
        Map<String, Export> map = new LinkedHashMap<>();
        for (String n : names) {
            map.put(n, new Export(n, 0, "vmlinux", "EXPORT_SYMBOL", ""));
        }
        return new ExportedSymbols(map);
    }

    /** @return this set united with {@code other} (entries of this set win) */
    public ExportedSymbols plus(ExportedSymbols other) {
        Map<String, Export> map = new LinkedHashMap<>(byName);
        other.byName.forEach(map::putIfAbsent);
        return new ExportedSymbols(map);
    }

    /** @return whether the loader resolves {@code name} itself */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** @return the export entry for {@code name} */
    public Optional<Export> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @return all exported names, in file order */
    public Set<String> names() {
        return byName.keySet();
    }

    /** @return the number of exports */
    public int size() {
        return byName.size();
    }

    private static long crc(String field) {
        String hex = field.startsWith("0x") || field.startsWith("0X") ? field.substring(2) : field;
        try {
            return Long.parseUnsignedLong(hex, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
