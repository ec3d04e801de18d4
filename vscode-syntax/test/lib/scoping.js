'use strict';
// Finds text that the TextMate grammar leaves unhighlighted in a script.
const { tokenize, isMeaningful, isKeywordScope, isInvalid, isCommentOrString } = require('./textmate');

// A word as the ANTLR lexer sees it (IDENT may contain dots: foo.isra.0),
// so that `update` in `my.update` is not taken for the keyword.
const WORD = /(?<![A-Za-z0-9_.])[A-Za-z_][A-Za-z0-9_.]*/g;

/**
 * Problems in a script's text:
 *  - keywords: a keyword of the given set, outside comments and strings, without a keyword scope;
 *  - plain: with { full: true }, any character left without a scope of its own, or marked invalid.
 * Each problem: { line, col (1-based), text, scopes, why }.
 */
async function scopingProblems(text, keywords, { full = false } = {}) {
    const problems = [];
    for (const line of await tokenize(text)) {
        for (const m of line.text.matchAll(WORD)) {
            if (!keywords.has(m[0])) continue;
            const start = m.index;
            const tokens = line.tokens.filter((t) => t.start < start + m[0].length && t.end > start);
            if (tokens.some((t) => t.scopes.some(isCommentOrString))) continue;
            if (tokens.length === 1 && tokens[0].scopes.some(isKeywordScope)) continue;
            problems.push({
                line: line.lineNo, col: start + 1, text: m[0],
                scopes: tokens.flatMap((t) => t.scopes), why: 'keyword not highlighted as a keyword',
            });
        }
        if (!full) continue;
        for (const t of line.tokens) {
            if (!t.text.trim()) continue;
            if (t.scopes.some(isInvalid)) {
                problems.push({ line: line.lineNo, col: t.start + 1, text: t.text, scopes: t.scopes, why: 'marked invalid' });
            } else if (!t.scopes.some(isMeaningful)) {
                problems.push({ line: line.lineNo, col: t.start + 1, text: t.text, scopes: t.scopes, why: 'left as plain text' });
            }
        }
    }
    return problems;
}

const formatProblems = (file, problems) => problems
    .map((p) => `${file}:${p.line}:${p.col}: '${p.text}' ${p.why} (${p.scopes.join(' ')})`)
    .join('\n');

module.exports = { scopingProblems, formatProblems };
