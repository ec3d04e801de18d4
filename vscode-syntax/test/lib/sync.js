'use strict';
// Checks that the TextMate grammar highlights every literal token of the
// ANTLR grammar: each keyword gets a keyword-like scope, each symbol an
// operator or punctuation scope (and never invalid.illegal).
const { tokenize, tokensIn, isKeywordScope, isSymbolScope, isInvalid } = require('./textmate');

// Where a token is tried. A keyword passes when it is highlighted as one in
// any of them: on a line of its own, inside an update's block, or where a
// parser might make a word of a larger construct its own token: after a
// number (a duration unit such as `ms`) or after `current.` (a field: `uid`).
const KEYWORD_CONTEXTS = [
    (kw) => ({ text: kw, line: 0, col: 0 }),
    (kw) => ({ text: `update t {\n    ${kw}\n}`, line: 1, col: 4 }),
    (kw) => ({ text: `10${kw}`, line: 0, col: 2 }),
    (kw) => ({ text: `current.${kw}`, line: 0, col: 8 }),
];
const SYMBOL_CONTEXTS = [
    (sym) => ({ text: sym, line: 0, col: 0 }),
    (sym) => ({ text: `update t {\n    a ${sym} b\n}`, line: 1, col: 6 }),
];

const describeToken = (t) => `'${t.text}' (${t.scopes.join(' ')})`;

async function tryContexts(word, contexts, accept) {
    const seen = [];
    for (const context of contexts) {
        const { text, line, col } = context(word);
        const lines = await tokenize(text);
        const tokens = tokensIn(lines[line], col, col + word.length);
        if (accept(tokens)) return { ok: true };
        seen.push(`in ${JSON.stringify(text)}: ${tokens.map(describeToken).join(', ') || 'no token'}`);
    }
    return { ok: false, seen };
}

/** Is the keyword one token with a keyword-like scope? */
const keywordAccepted = (kw) => (tokens) =>
    tokens.length === 1 && tokens[0].text === kw && tokens[0].scopes.some(isKeywordScope)
    && !tokens[0].scopes.some(isInvalid);

/** Is every character of the symbol an operator or punctuation, and none invalid? */
const symbolAccepted = (tokens) =>
    tokens.length > 0 && tokens.every((t) => t.scopes.some(isSymbolScope) && !t.scopes.some(isInvalid));

/**
 * Returns the literal tokens of the ANTLR grammar that the TextMate grammar
 * fails to highlight: [{ kind, text, where, seen }].
 */
async function unhighlighted({ keywords, symbols }) {
    const missing = [];
    for (const [kw, where] of keywords) {
        const r = await tryContexts(kw, KEYWORD_CONTEXTS, keywordAccepted(kw));
        if (!r.ok) missing.push({ kind: 'keyword', text: kw, where, seen: r.seen });
    }
    for (const [sym, where] of symbols) {
        const r = await tryContexts(sym, SYMBOL_CONTEXTS, symbolAccepted);
        if (!r.ok) missing.push({ kind: 'symbol', text: sym, where, seen: r.seen });
    }
    return missing;
}

function report(missing, relativeTo = (f) => f) {
    return missing.map((m) => {
        const at = m.where.map((w) => `${relativeTo(w.file)}:${w.line} (${w.rule})`).join(', ');
        return `${m.kind} '${m.text}' from ${at} is not highlighted by syntaxes/dynamos.tmLanguage.json\n`
            + m.seen.map((s) => `      ${s}`).join('\n');
    }).join('\n') + (missing.length
        ? '\n  Add it to the "keywords" (or "operators"/"punctuation") patterns of the TextMate grammar'
          + ' and to a test under test/grammar/.'
        : '');
}

module.exports = { unhighlighted, report };
