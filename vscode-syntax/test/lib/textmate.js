'use strict';
// Tokenizes text with the extension's TextMate grammar, using the same engine
// as VS Code (vscode-textmate on the oniguruma WebAssembly build).
const fs = require('fs');
const path = require('path');
const tm = require('vscode-textmate');
const onig = require('vscode-oniguruma');

const EXTENSION_DIR = path.resolve(__dirname, '..', '..');
const REPO_DIR = path.resolve(EXTENSION_DIR, '..');
const GRAMMAR_PATH = path.join(EXTENSION_DIR, 'syntaxes', 'dynamos.tmLanguage.json');
const SCOPE = 'source.dynamos';

let grammar;
function loadGrammar() {
    if (!grammar) {
        const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
        const onigLib = onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
            createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
            createOnigString: (s) => new onig.OnigString(s),
        }));
        const registry = new tm.Registry({
            onigLib,
            loadGrammar: async (scopeName) => scopeName === SCOPE
                ? tm.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH)
                : null,
        });
        grammar = registry.loadGrammar(SCOPE);
    }
    return grammar;
}

/**
 * Returns one entry per line: { lineNo (1-based), text, tokens: [{ start, end, text, scopes }] }.
 */
async function tokenize(text) {
    const g = await loadGrammar();
    let state = tm.INITIAL;
    return text.split(/\r\n|\n/).map((line, i) => {
        const r = g.tokenizeLine(line, state);
        state = r.ruleStack;
        return {
            lineNo: i + 1,
            text: line,
            tokens: r.tokens.map((t) => ({
                start: t.startIndex,
                end: Math.min(t.endIndex, line.length),
                text: line.slice(t.startIndex, t.endIndex),
                scopes: t.scopes,
            })).filter((t) => t.end > t.start),
        };
    });
}

// A scope that gives a token a colour of its own: anything but the file's root
// scope and meta.* (which only groups other scopes).
const isMeaningful = (s) => s !== SCOPE && !s.startsWith('meta.');
// The scopes a keyword may get: keywords proper, storage types and modifiers,
// language constants (true, original), built-in names (quiescent, activate,
// prepare) and language variables (current, cpu, arg).
const isKeywordScope = (s) => /^(keyword|storage|constant\.language|support|variable\.language)\.([\w-]+\.)*dynamos$/.test(s);
const isSymbolScope = (s) => /^(keyword|punctuation)\.([\w-]+\.)*dynamos$/.test(s);
const isInvalid = (s) => s.startsWith('invalid.');
const isCommentOrString = (s) => s.startsWith('comment.') || s.startsWith('string.');

/** The tokens of a line that overlap [start, end). */
function tokensIn(line, start, end) {
    return line.tokens.filter((t) => t.start < end && t.end > start);
}

/** The words of the grammar's "keywords" patterns (\\b(a|b|c)\\b). */
function highlightedKeywords() {
    const json = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));
    return json.repository.keywords.patterns.flatMap((p) => {
        const m = /^\\b\(?([\w|]+)\)?\\b$/.exec(p.match);
        if (!m) throw new Error(`a keywords pattern is not \\b(word|...)\\b: ${p.match}`);
        return m[1].split('|');
    });
}

module.exports = {
    highlightedKeywords,
    EXTENSION_DIR, REPO_DIR, GRAMMAR_PATH, SCOPE,
    tokenize, tokensIn,
    isMeaningful, isKeywordScope, isSymbolScope, isInvalid, isCommentOrString,
};
