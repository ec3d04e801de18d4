package org.dynamos.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.dynamos.diag.Diagnostic;
import org.dynamos.diag.Messages;
import org.dynamos.grammar.DynLexer;
import org.dynamos.grammar.DynParser;

/**
 * Turns script text into the AST. The only class that touches the types
 * ANTLR generates: everything downstream sees {@link Script} records.
 * Never throws on bad input: every problem becomes a diagnostic and the
 * parser recovers to report the next one.
 */
public final class Parser {

    /** The script (possibly partial) and the syntax diagnostics. */
    public record Result(Script script, List<Diagnostic> diagnostics) {
    }

    private Parser() {
    }

    public static Result parse(SourceFile source) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        DynLexer lexer = new DynLexer(CharStreams.fromString(source.text(), source.path().toString()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        for (Token t : tokens.getTokens()) {
            switch (t.getType()) {
                case DynLexer.UNTERMINATED_STRING -> diagnostics.add(Messages.of("E0002", span(source, t)));
                case DynLexer.UNTERMINATED_COMMENT -> diagnostics.add(Messages.of("E0003", span(source, t)));
                case DynLexer.BAD_CHAR -> diagnostics.add(Messages.of("E0004", span(source, t), describeChar(t.getText())));
                default -> { }
            }
        }
        boolean lexicalErrors = !diagnostics.isEmpty();
        DynParser parser = new DynParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col,
                                    String msg, RecognitionException e) {
                Token t = (Token) offending;
                if (isLexicalError(t)) {
                    return; // already reported by the lexer pass above
                }
                if (lexicalErrors && t.getType() == Token.EOF) {
                    return; // an unterminated comment or string swallowed the rest
                }
                IntervalSet expected = e != null ? e.getExpectedTokens() : parser.getExpectedTokens();
                diagnostics.add(Messages.of("E0001", where(source, tokens, t), describe(t), expectedList(expected)));
            }
        });
        DynParser.ScriptContext tree = parser.script();
        return new Result(new Script(source, updates(source, tree)), List.copyOf(diagnostics));
    }

    /**
     * Where to point for a syntax error: at the offending token, or, when it
     * starts a later line than the token before it (a missing ';' at the end
     * of a line), just after that previous token, where the fix goes.
     */
    private static Span where(SourceFile source, CommonTokenStream tokens, Token offending) {
        int i = offending.getTokenIndex() - 1;
        while (i >= 0 && tokens.get(i).getChannel() != Token.DEFAULT_CHANNEL) {
            i--;
        }
        if (i < 0 || tokens.get(i).getLine() == offending.getLine()) {
            return span(source, offending);
        }
        Span prev = span(source, tokens.get(i));
        return new Span(source, prev.endLine(), prev.endColumn(), prev.endLine(), prev.endColumn() + 1);
    }

    private static boolean isLexicalError(Token t) {
        int type = t.getType();
        return type == DynLexer.UNTERMINATED_STRING || type == DynLexer.UNTERMINATED_COMMENT || type == DynLexer.BAD_CHAR;
    }

    private static List<Update> updates(SourceFile source, DynParser.ScriptContext tree) {
        List<Update> updates = new ArrayList<>();
        for (DynParser.UpdateContext u : tree.update()) {
            if (u.name == null || u.name.getType() != DynLexer.IDENT) {
                continue;
            }
            List<SourceDecl> sources = new ArrayList<>();
            List<ReplaceDecl> replaces = new ArrayList<>();
            for (DynParser.UpdateItemContext item : u.updateItem()) {
                if (item.sourceDecl() != null && item.sourceDecl().path != null && item.sourceDecl().exception == null) {
                    Token path = item.sourceDecl().path;
                    sources.add(new SourceDecl(unquote(path.getText()), span(source, path)));
                } else if (item.replaceDecl() != null && item.replaceDecl().exception == null) {
                    replace(source, item.replaceDecl()).ifPresent(replaces::add);
                }
            }
            updates.add(new Update(ident(source, u.name), sources, replaces, span(source, u.start, u.stop)));
        }
        return updates;
    }

    private static Optional<ReplaceDecl> replace(SourceFile source, DynParser.ReplaceDeclContext r) {
        if (r.target == null || r.target.name == null || r.replacement == null) {
            return Optional.empty();
        }
        DynParser.FunctionRefContext t = r.target;
        Optional<String> unit = Optional.ofNullable(t.unit).map(u -> unquote(u.getText()));
        FunctionRef target = new FunctionRef(unit, ident(source, t.name), span(source, t.start, t.stop));
        return Optional.of(new ReplaceDecl(target, ident(source, r.replacement), span(source, r.start, r.stop)));
    }

    private static Ident ident(SourceFile source, Token t) {
        return new Ident(t.getText(), span(source, t));
    }

    private static Span span(SourceFile source, Token t) {
        return span(source, t, t);
    }

    /** From the first character of {@code first} to just past {@code last}. */
    private static Span span(SourceFile source, Token first, Token last) {
        if (last == null || last.getStopIndex() < last.getStartIndex()) {
            last = first;
        }
        String text = last.getType() == Token.EOF ? "" : last.getText();
        int endLine = last.getLine();
        int endCol = last.getCharPositionInLine() + 1;
        int nl = text.lastIndexOf('\n');
        if (nl >= 0) {
            endLine += (int) text.chars().filter(c -> c == '\n').count();
            endCol = text.length() - nl;
        } else {
            endCol += Math.max(1, text.length());
        }
        return new Span(source, first.getLine(), first.getCharPositionInLine() + 1, endLine, endCol);
    }

    private static String unquote(String literal) {
        String body = literal.substring(1, literal.length() - 1);
        StringBuilder b = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String describe(Token t) {
        if (t.getType() == Token.EOF) {
            return "end of file";
        }
        return switch (t.getType()) {
            case DynLexer.IDENT -> "name '" + t.getText() + "'";
            case DynLexer.STRING -> "string " + t.getText();
            default -> "'" + t.getText() + "'";
        };
    }

    private static String expectedList(IntervalSet expected) {
        List<String> names = expected.toList().stream()
                .filter(type -> type != DynLexer.UNTERMINATED_STRING && type != DynLexer.UNTERMINATED_COMMENT
                        && type != DynLexer.BAD_CHAR)
                .map(Parser::tokenName).distinct().collect(Collectors.toList());
        if (names.isEmpty()) {
            return "something else";
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String tokenName(int type) {
        if (type == Token.EOF) {
            return "end of file";
        }
        return switch (type) {
            case DynLexer.IDENT -> "a name";
            case DynLexer.STRING -> "a string";
            default -> {
                String literal = DynLexer.VOCABULARY.getLiteralName(type);
                yield literal != null ? literal : DynLexer.VOCABULARY.getSymbolicName(type);
            }
        };
    }

    private static String describeChar(String text) {
        int c = text.codePointAt(0);
        if (Character.isISOControl(c) || !Character.isDefined(c) || c == 0xFFFD) {
            return String.format("U+%04X", c);
        }
        return "'" + text + "' (U+" + String.format("%04X", c) + ")";
    }
}
