package org.dynamos.diag;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import org.dynamos.syntax.Span;

/**
 * The catalog of every diagnostic: {@code messages.properties} holds, per
 * code, its severity, message and help (MessageFormat patterns), and
 * {@code explain/CODE.md} its documentation.
 */
public final class Messages {
    private static final Properties CATALOG = load();

    private Messages() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream("messages.properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("diagnostic catalog missing from the build", e);
        }
        return p;
    }

    /** Every code in the catalog, sorted. */
    public static List<String> codes() {
        TreeSet<String> codes = new TreeSet<>();
        for (String key : CATALOG.stringPropertyNames()) {
            codes.add(key.substring(0, key.indexOf('.')));
        }
        return List.copyOf(codes);
    }

    /** Builds the diagnostic {@code code} at {@code span}, formatting its texts with {@code args}. */
    public static Diagnostic of(String code, Span span, Object... args) {
        return of(code, span, List.of(), args);
    }

    /** As {@link #of(String, Span, Object...)}, with extra note lines. */
    public static Diagnostic of(String code, Span span, List<String> notes, Object... args) {
        String message = CATALOG.getProperty(code + ".message");
        if (message == null) {
            throw new IllegalArgumentException("no diagnostic " + code + " in the catalog");
        }
        Severity severity = Severity.valueOf(CATALOG.getProperty(code + ".severity", "error").toUpperCase(Locale.ROOT));
        Optional<String> help = Optional.ofNullable(CATALOG.getProperty(code + ".help")).map(h -> format(h, args));
        return new Diagnostic(code, severity, span, format(message, args), help, notes);
    }

    /** The one-line title of a code, or empty if the code is unknown. */
    public static Optional<String> title(String code) {
        // Catalog texts follow MessageFormat's quoting ('' is one '); titles are not formatted.
        return Optional.ofNullable(CATALOG.getProperty(code + ".title")).map(t -> t.replace("''", "'"));
    }

    /** The documentation of a code ({@code explain/CODE.md}), or empty if the code is unknown. */
    public static Optional<String> explanation(String code) {
        try (InputStream in = Messages.class.getResourceAsStream("explain/" + code + ".md")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String format(String pattern, Object... args) {
        return new MessageFormat(pattern, Locale.ROOT).format(args);
    }
}
