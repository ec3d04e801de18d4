'use strict';
// Fails when the ANTLR grammar of the update language (grammar/**/*.g4) has a
// keyword or symbol token that the TextMate grammar does not highlight.
//
// DYNAMOS_G4_DIR=<dir> checks the *.g4 files under another directory instead
// (to try a changed copy of the grammar).
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { REPO_DIR, highlightedKeywords } = require('./lib/textmate');
const g4 = require('./lib/g4');
const { unhighlighted, report } = require('./lib/sync');

const G4_DIR = process.env.DYNAMOS_G4_DIR
    ? path.resolve(process.env.DYNAMOS_G4_DIR)
    : path.join(REPO_DIR, 'grammar', 'src', 'main', 'antlr4');
const rel = (f) => path.relative(REPO_DIR, f);

test('the ANTLR grammar has keywords to check', () => {
    const files = g4.grammarFiles(G4_DIR);
    assert.ok(files.length > 0, `no *.g4 file under ${G4_DIR}`);
    const { keywords } = g4.literalTokens(files);
    assert.ok(keywords.has('update') && keywords.has('replace'),
        `the keywords read from ${files.map(rel).join(', ')} lack 'update' or 'replace': `
        + `the reader in test/lib/g4.js no longer understands the grammar (read: ${[...keywords.keys()].join(', ')})`);
});

test('every keyword and symbol of the ANTLR grammar is highlighted', async (t) => {
    const files = g4.grammarFiles(G4_DIR);
    const tokens = g4.literalTokens(files);
    t.diagnostic(`${files.map(rel).join(', ')}: keywords ${[...tokens.keywords.keys()].sort().join(' ')}`);
    t.diagnostic(`symbols ${[...tokens.symbols.keys()].sort().join(' ')}`);
    const missing = await unhighlighted(tokens);
    assert.deepStrictEqual(missing.map((m) => m.text), [], report(missing, rel));

    // For the record: words the TextMate grammar already knows that the
    // parser does not have yet (the language's planned constructs).
    const ahead = highlightedKeywords().filter((k) => !tokens.keywords.has(k));
    if (ahead.length) t.diagnostic(`highlighted, not in the parser yet: ${ahead.join(' ')}`);
});

// The checker itself, on grammars written here.
function withGrammar(text, fn) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dyn-g4-'));
    try {
        fs.writeFileSync(path.join(dir, 'T.g4'), text);
        return fn(g4.grammarFiles(dir));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

test('a keyword the TextMate grammar lacks is reported', async () => {
    const missing = await withGrammar(`grammar T;
        script : UPDATE IDENT LBRACE FROBNICATE RBRACE 'twiddle' ;
        UPDATE : 'update';
        FROBNICATE : 'frobnicate';
        ARROW : '~>' -> channel(HIDDEN);
        LBRACE : '{';  RBRACE : '}';
        IDENT : [a-z]+;`, (files) => unhighlighted(g4.literalTokens(files)));
    assert.deepStrictEqual(missing.map((m) => `${m.kind} ${m.text}`).sort(),
        ['keyword frobnicate', 'keyword twiddle', 'symbol ~>']);
});

test('duration units made tokens of their own count as highlighted after a number', async () => {
    const missing = await withGrammar(`grammar U;
        duration : INT ('us' | 'ms' | 's' | 'm') ;
        INT : [0-9]+ ;`, (files) => unhighlighted(g4.literalTokens(files)));
    assert.deepStrictEqual(missing.map((m) => m.text), []);
});

test('the planned language (design of the full grammar) is all highlighted', async () => {
    // Keywords and operators of the constructs being added to Dyn.g4, written
    // in the ways an ANTLR grammar may spell them.
    const grammar = `
        grammar Planned;
        options { caseInsensitive = false; }
        @header { package x; /* ; } */ }
        script : update* EOF ;
        update : 'update' IDENT '{' item* '}' ;
        item : 'description' STRING ';' | 'kernel' STRING ';' | 'source' STRING ';'
             | 'knob' IDENT ':' type '=' expr 'in' INT '..' INT ';'
             | 'group' IDENT 'atomic'? '{' item* '}'
             | 'replace' fn ('with' IDENT ('when' expr)? ';' | '{' version* '}')
             | 'safepoint' ('quiescent' | 'drained') '(' IDENT ')' ('timeout' DURATION)? ('retries' INT)? ';'
             | 'restart' 'thread' IDENT 'with' IDENT ';'
             | 'phase' ('prepare' | 'final') '{' item* '}'
             | 'shadow' IDENT '.' IDENT ':' type ';'
             | 'on' ('activate' | 'revert') 'call' IDENT ';'
             | 'migrate' IDENT 'with' IDENT ';'
             | 'monitor' fn (',' fn)* ';' ;
        version : 'version' IDENT 'when' expr ';' | 'default' ('original' | IDENT) ';' ;
        fn : (STRING ':')? IDENT ;
        type : 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64' ;
        expr : expr ('==' | '!=' | '<' | '<=' | '>' | '>=') expr | expr '&' expr | expr '|' expr
             | expr '&&' expr | expr '||' expr | '!' expr | '(' expr ')'
             | 'current' '.' ('pid' | 'tgid' | 'uid' | 'gid' | 'euid' | 'comm' | 'cgroup')
             | 'cpu' | 'arg' '.' IDENT ('.' IDENT)* | 'knob' '.' IDENT | INT | STRING | BOOL ;
        BOOL : 'true' | 'false' ;
        TIMEOUT_ALIAS : ( 'timeout' ) ;
        DURATION : [0-9]+ ('us' | 'ms' | 's' | 'm') ;
        INT : [0-9]+ | '0x' [0-9a-fA-F]+ ;
        STRING : '"' (ESC | ~["\\\\\\r\\n])* '"' ;
        fragment ESC : '\\\\' ["\\\\nt] ;
        IDENT : [A-Za-z_] [A-Za-z0-9_]* ;
        LINE_COMMENT : '//' ~[\\r\\n]* -> skip ;
        BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
        WS : [ \\t\\r\\n]+ -> skip ;`;
    const { keywords, symbols, missing } = await withGrammar(grammar, async (files) => {
        const tokens = g4.literalTokens(files);
        return { ...tokens, missing: await unhighlighted(tokens) };
    });
    // The reader saw what it should: the keywords, not the parts of larger tokens.
    for (const kw of ['update', 'safepoint', 'quiescent', 'u64', 'true', 'original', 'cgroup', 'timeout']) {
        assert.ok(keywords.has(kw), `'${kw}' not read`);
    }
    for (const part of ['ms', 'us', '0x', '//', '/*', '"', 'package', 'x']) {
        assert.ok(!keywords.has(part) && !symbols.has(part), `'${part}' is not a token`);
    }
    assert.deepStrictEqual(missing.map((m) => m.text), [], report(missing));
});
