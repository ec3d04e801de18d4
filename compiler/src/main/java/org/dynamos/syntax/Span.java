package org.dynamos.syntax;

/**
 * A stretch of one source file: 1-based line and column of its first
 * character, and of the character just past its end (on the same or a later line).
 */
public record Span(SourceFile source, int line, int column, int endLine, int endColumn) {

    /** A span of the whole first line, for errors about a file as a whole. */
    public static Span wholeFile(SourceFile source) {
        return new Span(source, 1, 1, 1, Math.max(2, source.line(1).length() + 1));
    }

    /** The smallest span covering this one and {@code other}. */
    public Span to(Span other) {
        return new Span(source, line, column, other.endLine, other.endColumn);
    }
}
