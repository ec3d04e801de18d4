'use strict';
// Reads the literal tokens of ANTLR 4 grammars: the keywords and symbols of
// the update language as the compiler's parser knows them.
//
// A literal counts when it is a token of its own:
//   - a lexer rule whose body is only literals and alternatives:
//       UPDATE : 'update';   BOOL : 'true' | 'false';   EQ : '==' -> channel(X);
//   - a literal written directly in a parser rule (an implicit token):
//       knobDecl : 'knob' IDENT ':' type ;
// Literals inside larger lexer rules ('//' in LINE_COMMENT, 'ms' in a
// DURATION rule) and fragments are parts of other tokens, not tokens.
const fs = require('fs');
const path = require('path');

function unescapeLiteral(s) {
    return s.replace(/\\(u\{([0-9A-Fa-f]+)\}|u([0-9A-Fa-f]{4})|(.))/g, (_, _all, cp, u4, c) => {
        if (cp) return String.fromCodePoint(parseInt(cp, 16));
        if (u4) return String.fromCharCode(parseInt(u4, 16));
        return { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }[c] ?? c;
    });
}

/** Splits grammar text into tokens, dropping comments, character sets and actions. */
function lex(src) {
    const tokens = [];
    let i = 0;
    let line = 1;
    const advance = (to) => {
        for (; i < to; i++) if (src[i] === '\n') line++;
    };
    while (i < src.length) {
        const c = src[i];
        if (/\s/.test(c)) { advance(i + 1); continue; }
        if (src.startsWith('//', i)) {
            const e = src.indexOf('\n', i);
            advance(e < 0 ? src.length : e);
            continue;
        }
        if (src.startsWith('/*', i)) {
            const e = src.indexOf('*/', i + 2);
            advance(e < 0 ? src.length : e + 2);
            continue;
        }
        if (c === "'") {
            let j = i + 1;
            while (j < src.length && src[j] !== "'" && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
            tokens.push({ type: 'literal', value: unescapeLiteral(src.slice(i + 1, j)), line });
            advance(j + 1);
            continue;
        }
        if (c === '[') { // a character set (lexer) or arguments/returns (parser)
            let j = i + 1;
            while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
            tokens.push({ type: 'set', line });
            advance(j + 1);
            continue;
        }
        if (c === '{') { // an action, a predicate, or an options/tokens/channels block
            let depth = 0;
            let j = i;
            for (; j < src.length; j++) {
                const d = src[j];
                if (d === '"' || d === "'") { // a string in the action's code
                    for (j++; j < src.length && src[j] !== d && src[j] !== '\n'; j++) if (src[j] === '\\') j++;
                } else if (d === '{') depth++;
                else if (d === '}' && --depth === 0) break;
            }
            tokens.push({ type: 'action', line });
            advance(j + 1);
            continue;
        }
        if (/[A-Za-z_]/.test(c)) {
            const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 200));
            tokens.push({ type: 'id', value: m[0], line });
            advance(i + m[0].length);
            continue;
        }
        if (src.startsWith('->', i)) {
            tokens.push({ type: 'arrow', line });
            advance(i + 2);
            continue;
        }
        tokens.push({ type: 'punct', value: c, line });
        advance(i + 1);
    }
    return tokens;
}

const isPunct = (t, v) => t.type === 'punct' && t.value === v;
const MODIFIERS = new Set(['fragment', 'public', 'private', 'protected']);

/** The rules of a grammar: { name, fragment, lexer, line, body: tokens }. */
function rules(src) {
    const out = [];
    let statement = [];
    for (const t of lex(src)) {
        if (!isPunct(t, ';')) { statement.push(t); continue; }
        const colon = statement.findIndex((x) => isPunct(x, ':'));
        if (colon > 0) {
            // Skip whatever precedes the rule (@header {...} has no ';').
            let head = statement.slice(0, colon);
            const lastAction = head.map((x) => x.type).lastIndexOf('action');
            head = head.slice(lastAction + 1).filter((x) => x.type === 'id');
            const fragment = head.some((x) => x.value === 'fragment');
            const nameTok = head.find((x) => !MODIFIERS.has(x.value));
            if (nameTok) {
                out.push({
                    name: nameTok.value,
                    line: nameTok.line,
                    fragment,
                    lexer: /^[A-Z]/.test(nameTok.value),
                    body: statement.slice(colon + 1),
                });
            }
        }
        statement = [];
    }
    return out;
}

/** Removes lexer commands (-> skip, -> channel(X), ...) from each alternative. */
function withoutCommands(body) {
    const out = [];
    let inCommand = false;
    for (const t of body) {
        if (t.type === 'arrow') inCommand = true;
        else if (isPunct(t, '|')) { inCommand = false; out.push(t); }
        else if (!inCommand) out.push(t);
    }
    return out;
}

/**
 * The literal tokens of one grammar's text: [{ text, rule, line }], one per
 * occurrence.
 */
function literalTokensOf(src) {
    const found = [];
    for (const r of rules(src)) {
        if (r.lexer) {
            if (r.fragment) continue;
            const body = withoutCommands(r.body);
            const literals = body.filter((t) => t.type === 'literal');
            const onlyLiterals = body.every((t) => t.type === 'literal' || (t.type === 'punct' && '|()'.includes(t.value)));
            if (!onlyLiterals) continue;
            for (const t of literals) found.push({ text: t.value, rule: r.name, line: t.line });
        } else {
            for (const t of r.body) {
                if (t.type === 'literal') found.push({ text: t.value, rule: r.name, line: t.line });
            }
        }
    }
    return found;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Keywords (word-like literal tokens) and symbols (all other literal tokens)
 * of the given grammar files: Map text -> [{ file, rule, line }].
 */
function literalTokens(files) {
    const keywords = new Map();
    const symbols = new Map();
    for (const file of files) {
        for (const t of literalTokensOf(fs.readFileSync(file, 'utf8'))) {
            if (t.text === '') continue;
            const map = IDENTIFIER.test(t.text) ? keywords : symbols;
            if (!map.has(t.text)) map.set(t.text, []);
            map.get(t.text).push({ file, rule: t.rule, line: t.line });
        }
    }
    return { keywords, symbols };
}

/** Every *.g4 file under dir. */
function grammarFiles(dir) {
    const out = [];
    const walk = (d) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.name.endsWith('.g4')) out.push(p);
        }
    };
    walk(dir);
    return out.sort();
}

module.exports = { lex, rules, literalTokensOf, literalTokens, grammarFiles, IDENTIFIER };
