package org.dynamos.syntax;

import java.math.BigInteger;
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
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.dynamos.diag.Diagnostic;
import org.dynamos.diag.Messages;
import org.dynamos.diag.NameSuggestions;
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
        Optional<Diagnostic> tooDeep = limits(source, tokens.getTokens());
        if (tooDeep.isPresent()) {
            diagnostics.add(tooDeep.get());
            return new Result(new Script(source, List.of()), List.copyOf(diagnostics));
        }
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
                boolean missingEnd = expected.contains(DynLexer.SEMI) && !expected.contains(DynLexer.REPLACE)
                        || t.getType() == Token.EOF;
                Span at = missingEnd ? where(source, tokens, t) : span(source, t);
                Diagnostic d = Messages.of("E0001", at, describe(t), expectedList(expected));
                Optional<String> hint = keywordHint(t, expected);
                diagnostics.add(hint.isEmpty() ? d
                        : new Diagnostic(d.code(), d.severity(), d.span(), d.message(), hint, d.notes()));
            }
        });
        DynParser.ScriptContext tree = parser.script();
        List<Update> updates = updates(source, tree, diagnostics);
        return new Result(new Script(source, updates), List.copyOf(diagnostics));
    }

    /**
     * Where to point for a missing ';' (or a missing end of file): at the
     * offending token, or, when it starts a later line than the token before
     * it, just after that previous token, where the fix goes.
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

    /** For a name where a keyword was expected: "did you mean 'source'?" when one is close. */
    private static Optional<String> keywordHint(Token t, IntervalSet expected) {
        if (t.getType() != DynLexer.IDENT) {
            return Optional.empty();
        }
        List<String> keywords = expected.toList().stream()
                .map(DynLexer.VOCABULARY::getLiteralName)
                .filter(l -> l != null && l.length() > 2 && Character.isLetter(l.charAt(1)))
                .map(l -> l.substring(1, l.length() - 1))
                .collect(Collectors.toList());
        List<String> close = NameSuggestions.closest(t.getText(), keywords, 1);
        return close.isEmpty() ? Optional.empty() : Optional.of("did you mean '" + close.get(0) + "'?");
    }

    private static boolean isLexicalError(Token t) {
        int type = t.getType();
        return type == DynLexer.UNTERMINATED_STRING || type == DynLexer.UNTERMINATED_COMMENT || type == DynLexer.BAD_CHAR;
    }

    /** Deepest nesting of ( and { accepted; real scripts need a handful. */
    static final int MAX_NESTING = 32;
    /** Most operators in one predicate; predicates run on every call and must stay cheap. */
    static final int MAX_OPERATORS = 64;

    /**
     * Refuses input the tree walk could not handle safely (deep nesting,
     * enormous predicates) before parsing it: E0007 at the first offending token.
     */
    private static Optional<Diagnostic> limits(SourceFile source, List<Token> tokens) {
        int depth = 0;
        int operators = 0;
        boolean inPredicate = false;
        for (Token t : tokens) {
            switch (t.getType()) {
                case DynLexer.LPAREN, DynLexer.LBRACE -> {
                    if (++depth > MAX_NESTING) {
                        return Optional.of(Messages.of("E0007", span(source, t), "nesting deeper than " + MAX_NESTING));
                    }
                }
                case DynLexer.RPAREN, DynLexer.RBRACE -> depth = Math.max(0, depth - 1);
                case DynLexer.WHEN -> {
                    inPredicate = true;
                    operators = 0;
                }
                case DynLexer.SEMI -> inPredicate = false;
                case DynLexer.AND, DynLexer.OR, DynLexer.NOT, DynLexer.EQ, DynLexer.NE, DynLexer.LT, DynLexer.LE,
                        DynLexer.GT, DynLexer.GE, DynLexer.AMP, DynLexer.PIPE -> {
                    if (inPredicate && ++operators > MAX_OPERATORS) {
                        return Optional.of(Messages.of("E0007", span(source, t),
                                "a predicate with more than " + MAX_OPERATORS + " operators"));
                    }
                }
                default -> { }
            }
        }
        return Optional.empty();
    }

    private static boolean present(Token t) {
        return t != null && t.getTokenIndex() >= 0 && t.getStartIndex() >= 0 && t.getStopIndex() >= t.getStartIndex();
    }

    private static List<Update> updates(SourceFile source, DynParser.ScriptContext tree, List<Diagnostic> diagnostics) {
        List<Update> updates = new ArrayList<>();
        for (DynParser.UpdateContext u : tree.update()) {
            if (!present(u.name)) {
                continue;
            }
            Tree t = new Tree(source, diagnostics);
            List<StringDecl> descriptions = new ArrayList<>();
            List<StringDecl> kernels = new ArrayList<>();
            List<SourceDecl> sources = new ArrayList<>();
            List<KnobDecl> knobs = new ArrayList<>();
            List<ShadowDecl> shadows = new ArrayList<>();
            List<TakeOverDecl> takeOvers = new ArrayList<>();
            List<ViewDecl> views = new ArrayList<>();
            List<BindDecl> binds = new ArrayList<>();
            List<PhaseDecl> phases = new ArrayList<>();
            BodyBuilder body = new BodyBuilder();
            for (DynParser.UpdateItemContext item : u.updateItem()) {
                if (item.exception != null) {
                    continue;
                }
                if (item.descriptionDecl() != null && present(item.descriptionDecl().text)) {
                    Token text = item.descriptionDecl().text;
                    descriptions.add(new StringDecl(unquote(text.getText()), t.span(item.descriptionDecl())));
                } else if (item.kernelDecl() != null && present(item.kernelDecl().pattern)) {
                    Token text = item.kernelDecl().pattern;
                    kernels.add(new StringDecl(unquote(text.getText()), span(source, text)));
                } else if (item.sourceDecl() != null && present(item.sourceDecl().path)) {
                    Token path = item.sourceDecl().path;
                    sources.add(new SourceDecl(unquote(path.getText()), span(source, path)));
                } else if (item.knobDecl() != null) {
                    t.knob(item.knobDecl()).ifPresent(knobs::add);
                } else if (item.shadowDecl() != null) {
                    t.shadow(item.shadowDecl()).ifPresent(shadows::add);
                } else if (item.viewDecl() != null) {
                    DynParser.ViewDeclContext v = item.viewDecl();
                    if (present(v.struct) && present(v.member) && present(v.target) && v.exception == null) {
                        views.add(new ViewDecl(ident(source, v.struct), ident(source, v.member), ident(source, v.target),
                                t.span(v)));
                    }
                } else if (item.bindDecl() != null) {
                    DynParser.BindDeclContext b = item.bindDecl();
                    Optional<FunctionRef> target = b.target == null ? Optional.empty() : t.functionRef(b.target);
                    if (present(b.name) && b.bindType() != null && target.isPresent() && b.exception == null) {
                        List<Ident> type = b.bindType().IDENT().stream().map(n -> ident(source, n.getSymbol())).toList();
                        binds.add(new BindDecl(ident(source, b.name), type, b.bindType().STAR().size(), target.get(),
                                t.span(b)));
                    }
                } else if (item.takeOverDecl() != null && present(item.takeOverDecl().name)) {
                    DynParser.TakeOverDeclContext to = item.takeOverDecl();
                    Optional<StringDecl> from = present(to.file)
                            ? Optional.of(new StringDecl(unquote(to.file.getText()), span(source, to.file)))
                            : Optional.empty();
                    takeOvers.add(new TakeOverDecl(ident(source, to.name), from, t.span(to)));
                } else if (item.phaseItem() != null) {
                    t.phaseItem(item.phaseItem(), body);
                } else if (item.phaseDecl() != null && present(item.phaseDecl().name)) {
                    BodyBuilder pb = new BodyBuilder();
                    for (DynParser.PhaseItemContext pi : item.phaseDecl().phaseItem()) {
                        t.phaseItem(pi, pb);
                    }
                    phases.add(new PhaseDecl(ident(source, item.phaseDecl().name), pb.build(), t.span(item.phaseDecl())));
                }
            }
            updates.add(new Update(ident(source, u.name), descriptions, kernels, sources, knobs, shadows, body.build(),
                    phases, span(source, u.start, u.stop), takeOvers, views, binds));
        }
        return updates;
    }

    /** Collects the parts of a body while walking it. */
    private static final class BodyBuilder {
        final List<ReplaceDecl> replaces = new ArrayList<>();
        final List<GroupDecl> groups = new ArrayList<>();
        final List<SafepointDecl> safepoints = new ArrayList<>();
        final List<RestartDecl> restarts = new ArrayList<>();
        final List<HookDecl> hooks = new ArrayList<>();
        final List<MigrateDecl> migrations = new ArrayList<>();
        final List<MonitorDecl> monitors = new ArrayList<>();
        final List<SyscallDecl> syscalls = new ArrayList<>();

        Body build() {
            return new Body(replaces, groups, safepoints, restarts, hooks, migrations, monitors, syscalls);
        }
    }

    /** Converts parse-tree nodes of one file to AST records; partial nodes (after errors) are skipped. */
    private record Tree(SourceFile source, List<Diagnostic> diagnostics) {

        Span span(ParserRuleContext ctx) {
            return Parser.span(source, ctx.start, ctx.stop);
        }

        void phaseItem(DynParser.PhaseItemContext item, BodyBuilder body) {
            if (item.exception != null) {
                return;
            }
            if (item.replaceDecl() != null && item.replaceDecl().SYSCALL() != null) {
                DynParser.ReplaceDeclContext sc = item.replaceDecl();
                if (present(sc.syscall) && present(sc.sysReplacement) && sc.exception == null) {
                    body.syscalls.add(new SyscallDecl(ident(source, sc.syscall), ident(source, sc.sysReplacement),
                            span(sc)));
                }
            } else if (item.replaceDecl() != null) {
                replace(item.replaceDecl()).ifPresent(body.replaces::add);
            } else if (item.groupDecl() != null) {
                group(item.groupDecl()).ifPresent(body.groups::add);
            } else if (item.safepointDecl() != null) {
                safepoint(item.safepointDecl()).ifPresent(body.safepoints::add);
            } else if (item.restartDecl() != null) {
                DynParser.RestartDeclContext r = item.restartDecl();
                Optional<FunctionRef> entry = functionRef(r.entry);
                if (entry.isPresent() && present(r.replacement) && r.exception == null) {
                    body.restarts.add(new RestartDecl(entry.get(), ident(source, r.replacement), span(r)));
                }
            } else if (item.hookDecl() != null) {
                DynParser.HookDeclContext h = item.hookDecl();
                if (present(h.event) && present(h.function) && h.exception == null) {
                    HookDecl.Event event = h.event.getType() == DynLexer.ACTIVATE
                            ? HookDecl.Event.ACTIVATE : HookDecl.Event.REVERT;
                    body.hooks.add(new HookDecl(event, ident(source, h.function), span(h)));
                }
            } else if (item.migrateDecl() != null) {
                DynParser.MigrateDeclContext m = item.migrateDecl();
                if (present(m.what) && present(m.function) && m.exception == null) {
                    body.migrations.add(new MigrateDecl(ident(source, m.what), ident(source, m.function), span(m)));
                }
            } else if (item.monitorDecl() != null && item.monitorDecl().exception == null) {
                List<FunctionRef> functions = new ArrayList<>();
                for (DynParser.FunctionRefContext f : item.monitorDecl().functionRef()) {
                    functionRef(f).ifPresent(functions::add);
                }
                body.monitors.add(new MonitorDecl(functions, span(item.monitorDecl())));
            }
        }

        Optional<GroupDecl> group(DynParser.GroupDeclContext g) {
            if (!present(g.name)) {
                return Optional.empty();
            }
            List<ReplaceDecl> replaces = new ArrayList<>();
            for (DynParser.ReplaceDeclContext r : g.replaceDecl()) {
                if (r.SYSCALL() != null) {
                    // a system call's entry points are not one function of a call chain
                    diagnostics.add(Messages.of("E0001", span(r), "'replace syscall' in a group",
                            "a replace of a kernel function: replace syscall goes outside groups"));
                    continue;
                }
                replace(r).ifPresent(replaces::add);
            }
            return Optional.of(new GroupDecl(ident(source, g.name), g.ATOMIC() != null, replaces, span(g)));
        }

        Optional<ReplaceDecl> replace(DynParser.ReplaceDeclContext r) {
            if (r.exception != null) {
                return Optional.empty();
            }
            if (r.WITH() != null) {
                DynParser.ReplaceDeclContext s = r;
                Optional<FunctionRef> target = functionRef(s.target);
                if (target.isEmpty() || !present(s.replacement)) {
                    return Optional.empty();
                }
                Optional<Expr> predicate = Optional.empty();
                if (s.WHEN() != null) {
                    predicate = expr(s.predicate);
                    if (predicate.isEmpty()) {
                        return Optional.empty();
                    }
                }
                Ident name = ident(source, s.replacement);
                Span versionSpan = Parser.span(source, s.replacement, s.predicate != null ? s.predicate.stop : s.replacement);
                return Optional.of(new ReplaceDecl(target.get(), List.of(new Version(name, predicate, versionSpan)),
                        Optional.empty(), Optional.empty(), span(s)));
            }
            DynParser.ReplaceDeclContext v = r;
            Optional<FunctionRef> target = functionRef(v.target);
            if (target.isEmpty()) {
                return Optional.empty();
            }
            List<Version> versions = new ArrayList<>();
            for (DynParser.VersionDeclContext vd : v.versionDecl()) {
                if (!present(vd.name) || vd.exception != null) {
                    continue;
                }
                Optional<Expr> predicate = vd.WHEN() != null ? expr(vd.predicate) : Optional.empty();
                if (vd.WHEN() != null && predicate.isEmpty()) {
                    continue;
                }
                versions.add(new Version(ident(source, vd.name), predicate, span(vd)));
            }
            Optional<Ident> fallback = Optional.empty();
            Optional<Span> fallbackSpan = Optional.empty();
            DynParser.DefaultDeclContext d = v.defaultDecl();
            if (d != null && d.exception == null) {
                fallbackSpan = Optional.of(span(d));
                if (present(d.name)) {
                    fallback = Optional.of(ident(source, d.name));
                }
            }
            return Optional.of(new ReplaceDecl(target.get(), versions, fallback, fallbackSpan, span(v)));
        }

        Optional<SafepointDecl> safepoint(DynParser.SafepointDeclContext s) {
            if (!present(s.kind) || s.exception != null) {
                return Optional.empty();
            }
            SafepointDecl.Kind kind = switch (s.kind.getType()) {
                case DynLexer.QUIESCENT -> SafepointDecl.Kind.QUIESCENT;
                case DynLexer.DRAINED -> SafepointDecl.Kind.DRAINED;
                default -> SafepointDecl.Kind.IMMEDIATE;
            };
            List<Ident> scope = new ArrayList<>();
            if (s.scope() != null) {
                for (TerminalNode n : s.scope().IDENT()) {
                    if (present(n.getSymbol())) {
                        scope.add(ident(source, n.getSymbol()));
                    }
                }
            }
            List<Literal> timeouts = new ArrayList<>();
            List<Literal> retries = new ArrayList<>();
            for (DynParser.SafepointOptionContext o : s.safepointOption()) {
                if (present(o.duration)) {
                    timeouts.add(new Literal(value(o.duration, false), Parser.span(source, o.duration)));
                } else if (present(o.count)) {
                    retries.add(new Literal(value(o.count, false), Parser.span(source, o.count)));
                }
            }
            return Optional.of(new SafepointDecl(kind, Parser.span(source, s.kind), scope, timeouts, retries, span(s)));
        }

        Optional<KnobDecl> knob(DynParser.KnobDeclContext k) {
            if (!present(k.name) || !present(k.type) || k.exception != null) {
                return Optional.empty();
            }
            return Optional.of(new KnobDecl(ident(source, k.name), ident(source, k.type), literal(k.value),
                    literal(k.lo), literal(k.hi), span(k)));
        }

        Optional<ShadowDecl> shadow(DynParser.ShadowDeclContext s) {
            if (!present(s.struct) || !present(s.member) || !present(s.type) || s.exception != null) {
                return Optional.empty();
            }
            return Optional.of(new ShadowDecl(ident(source, s.struct), ident(source, s.member), ident(source, s.type),
                    span(s)));
        }

        Optional<FunctionRef> functionRef(DynParser.FunctionRefContext f) {
            if (f == null || f.exception != null || f.symbolName() == null || f.symbolName().exception != null
                    || !present(f.symbolName().start)) {
                return Optional.empty();
            }
            Optional<String> unit = present(f.unit) ? Optional.of(unquote(f.unit.getText())) : Optional.empty();
            // Module names as the kernel spells them: modprobe accepts '-' and '_' alike.
            Optional<String> module = present(f.module) ? Optional.of(f.module.getText().replace('-', '_'))
                    : Optional.empty();
            DynParser.SymbolNameContext n = f.symbolName();
            Ident name = new Ident(n.getText(), Parser.span(source, n.start, n.stop));
            return Optional.of(new FunctionRef(unit, name, span(f), module));
        }

        Optional<Literal> literal(DynParser.LiteralContext l) {
            if (l == null || l.exception != null || !present(l.stop)) {
                return Optional.empty();
            }
            Token last = l.stop;
            return Optional.of(new Literal(value(last, l.MINUS() != null), span(l)));
        }

        Value value(Token t, boolean negative) {
            String text = t.getText();
            return switch (t.getType()) {
                case DynLexer.STRING -> new Value.Str(unquote(text));
                case DynLexer.TRUE -> new Value.Bool(true);
                case DynLexer.FALSE -> new Value.Bool(false);
                case DynLexer.NUMBER_WITH_UNIT -> {
                    int i = 0;
                    while (i < text.length() && Character.isDigit(text.charAt(i))) {
                        i++;
                    }
                    yield new Value.WithUnit(new BigInteger(text.substring(0, i)), text.substring(i), text);
                }
                default -> {
                    BigInteger v = text.startsWith("0x") || text.startsWith("0X")
                            ? new BigInteger(text.substring(2), 16) : new BigInteger(text);
                    yield new Value.Int(negative ? v.negate() : v, negative ? "-" + text : text);
                }
            };
        }

        /** Empty when the expression is incomplete (a syntax error was reported). */
        Optional<Expr> expr(DynParser.ExprContext e) {
            if (e == null || e.exception != null) {
                return Optional.empty();
            }
            if (e instanceof DynParser.ParenExprContext p) {
                return expr(p.expr());
            }
            if (e instanceof DynParser.NotExprContext n) {
                return expr(n.expr()).map(x -> new Expr.Not(x, span(n)));
            }
            if (e instanceof DynParser.RefExprContext r) {
                if (!present(r.root)) {
                    return Optional.empty();
                }
                List<Ident> path = new ArrayList<>();
                path.add(ident(source, r.root));
                for (DynParser.FieldNameContext f : r.fieldName()) {
                    if (!present(f.start) || f.exception != null) {
                        return Optional.empty();
                    }
                    path.add(ident(source, f.start));
                }
                return Optional.of(new Expr.Ref(path, span(r)));
            }
            if (e instanceof DynParser.LiteralExprContext l) {
                return literal(l.literal()).map(x -> new Expr.Literal(x.value(), x.span()));
            }
            BinaryOp op;
            DynParser.ExprContext left;
            DynParser.ExprContext right;
            if (e instanceof DynParser.AndExprContext a) {
                op = BinaryOp.AND;
                left = a.expr(0);
                right = a.expr(1);
            } else if (e instanceof DynParser.OrExprContext o) {
                op = BinaryOp.OR;
                left = o.expr(0);
                right = o.expr(1);
            } else if (e instanceof DynParser.CompareExprContext c) {
                op = switch (c.op.getType()) {
                    case DynLexer.EQ -> BinaryOp.EQ;
                    case DynLexer.NE -> BinaryOp.NE;
                    case DynLexer.LT -> BinaryOp.LT;
                    case DynLexer.LE -> BinaryOp.LE;
                    case DynLexer.GT -> BinaryOp.GT;
                    default -> BinaryOp.GE;
                };
                left = c.expr(0);
                right = c.expr(1);
            } else if (e instanceof DynParser.BitExprContext b) {
                op = b.op.getType() == DynLexer.AMP ? BinaryOp.BIT_AND : BinaryOp.BIT_OR;
                left = b.expr(0);
                right = b.expr(1);
            } else {
                return Optional.empty();
            }
            Optional<Expr> l = expr(left);
            Optional<Expr> r = expr(right);
            if (l.isEmpty() || r.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Expr.Binary(op, l.get(), r.get(), span(e)));
        }
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
        List<Integer> types = expected.toList().stream()
                .filter(type -> type != DynLexer.UNTERMINATED_STRING && type != DynLexer.UNTERMINATED_COMMENT
                        && type != DynLexer.BAD_CHAR)
                .collect(Collectors.toList());
        if (types.contains(DynLexer.REPLACE) && types.contains(DynLexer.SAFEPOINT)) {
            return types.contains(DynLexer.RBRACE) ? "a declaration (replace, group, safepoint, …) or '}'"
                    : "a declaration (replace, group, safepoint, …)";
        }
        if (types.contains(DynLexer.NOT) && types.contains(DynLexer.LPAREN) && types.contains(DynLexer.INT)) {
            return "an expression";
        }
        List<String> names = types.stream().map(Parser::tokenName).distinct().collect(Collectors.toList());
        if (names.isEmpty()) {
            return "something else";
        }
        if (names.size() > 6) {
            names = new ArrayList<>(names.subList(0, 6));
            names.add("…");
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
            case DynLexer.INT -> "a number";
            case DynLexer.NUMBER_WITH_UNIT -> "a number with a unit (e.g. 10s)";
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
