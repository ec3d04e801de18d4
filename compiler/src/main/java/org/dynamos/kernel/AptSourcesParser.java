package org.dynamos.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the binary ({@code deb}) repositories of an apt configuration: {@code sources.list},
 * {@code sources.list.d/*.list} (one-line format) and {@code sources.list.d/*.sources} (deb822).
 * Source ({@code deb-src}) entries, disabled stanzas and files with other suffixes are skipped.
 */
public final class AptSourcesParser {
    private AptSourcesParser() {}

    /** Every enabled binary repository configured under {@code etcApt} (normally {@code /etc/apt}). */
    public static List<AptRepository> readHost(Path etcApt) throws IOException {
        List<AptRepository> result = new ArrayList<>();
        Path main = etcApt.resolve("sources.list");
        if (Files.isRegularFile(main)) {
            result.addAll(parseOneLine(Files.readString(main)));
        }
        Path parts = etcApt.resolve("sources.list.d");
        if (Files.isDirectory(parts)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(parts)) {
                files = s.sorted().toList();
            }
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                if (name.endsWith(".list")) {
                    result.addAll(parseOneLine(Files.readString(f)));
                } else if (name.endsWith(".sources")) {
                    result.addAll(parseDeb822(Files.readString(f)));
                }
            }
        }
        return result;
    }

    /** Parses the one-line format: {@code deb [opt=val ...] URI SUITE [COMPONENT...]}. */
    public static List<AptRepository> parseOneLine(String text) {
        List<AptRepository> result = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = stripComment(raw).trim();
            if (line.isEmpty()) {
                continue;
            }
            String rest;
            if (line.startsWith("deb ") || line.startsWith("deb\t")) {
                rest = line.substring(4).trim();
            } else {
                continue; // deb-src, or not an entry
            }
            Optional<String> signedBy = Optional.empty();
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    continue;
                }
                for (String opt : rest.substring(1, close).trim().split("\\s+")) {
                    int eq = opt.indexOf('=');
                    if (eq > 0 && opt.substring(0, eq).equalsIgnoreCase("signed-by")) {
                        signedBy = keyPath(opt.substring(eq + 1));
                    }
                }
                rest = rest.substring(close + 1).trim();
            }
            String[] words = rest.split("\\s+");
            if (words.length < 2) {
                continue;
            }
            result.add(new AptRepository(List.of(words[0]), List.of(words[1]),
                    Arrays.asList(words).subList(2, words.length), signedBy));
        }
        return result;
    }

    /** Parses deb822 stanzas ({@code Types:}, {@code URIs:}, {@code Suites:}, ...). */
    public static List<AptRepository> parseDeb822(String text) {
        List<AptRepository> result = new ArrayList<>();
        for (Map<String, String> stanza : stanzas(text)) {
            List<String> types = words(stanza.get("types"));
            if (!types.contains("deb")) {
                continue;
            }
            if ("no".equalsIgnoreCase(stanza.getOrDefault("enabled", "yes").trim())) {
                continue;
            }
            List<String> uris = words(stanza.get("uris"));
            List<String> suites = words(stanza.get("suites"));
            if (uris.isEmpty() || suites.isEmpty()) {
                continue;
            }
            String key = stanza.get("signed-by");
            result.add(new AptRepository(uris, suites, words(stanza.get("components")),
                    key == null ? Optional.empty() : keyPath(key.trim())));
        }
        return result;
    }

    private static List<Map<String, String>> stanzas(String text) {
        List<Map<String, String>> result = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String lastKey = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    result.add(current);
                    current = new LinkedHashMap<>();
                }
                lastKey = null;
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (lastKey != null) { // continuation line (e.g. an embedded key block)
                    current.merge(lastKey, "\n" + line.trim(), String::concat);
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            lastKey = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            current.put(lastKey, line.substring(colon + 1).trim());
        }
        if (!current.isEmpty()) {
            result.add(current);
        }
        return result;
    }

    private static List<String> words(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.trim().split("\\s+"));
    }

    /** A Signed-By value that names key files (not an embedded ASCII-armoured key). */
    private static Optional<String> keyPath(String value) {
        if (value.isEmpty() || value.contains("\n") || value.contains("BEGIN PGP")) {
            return Optional.empty();
        }
        return Optional.of(value.split("[,\\s]+")[0]);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }
}
