'use strict';
// The extension package: its manifest, the grammar's scope names, the
// language configuration, the snippets, and what vsce lists and packages.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { EXTENSION_DIR, GRAMMAR_PATH, SCOPE, tokenize } = require('./lib/textmate');
const { scopingProblems, formatProblems } = require('./lib/scoping');
const { highlightedKeywords } = require('./lib/textmate');

const readJson = (f) => JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, f), 'utf8'));
const manifest = readJson('package.json');
const grammar = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));
const config = readJson('language-configuration.json');
const snippets = readJson('snippets/dynamos.json');

test('the manifest contributes the language, its grammar, configuration and snippets', () => {
    const c = manifest.contributes;
    const lang = c.languages.find((l) => l.id === 'dynamos');
    assert.ok(lang, 'no language with id dynamos');
    assert.deepStrictEqual(lang.extensions, ['.dyn']);
    assert.ok(lang.aliases.includes('DynAMOS'));
    assert.ok(fs.existsSync(path.join(EXTENSION_DIR, lang.configuration)));
    const g = c.grammars.find((x) => x.language === 'dynamos');
    assert.strictEqual(g.scopeName, SCOPE);
    assert.strictEqual(path.resolve(EXTENSION_DIR, g.path), GRAMMAR_PATH);
    assert.strictEqual(grammar.scopeName, SCOPE);
    const s = c.snippets.find((x) => x.language === 'dynamos');
    assert.ok(fs.existsSync(path.join(EXTENSION_DIR, s.path)));
    assert.ok(manifest.engines.vscode, 'engines.vscode is required by vsce');
    for (const [name, version] of Object.entries(manifest.devDependencies)) {
        assert.match(version, /^\d+\.\d+\.\d+$/, `${name} is not pinned to an exact version`);
    }
});

// Walks the grammar: every rule, with its path.
function* rules(node, where) {
    if (Array.isArray(node)) {
        for (const [i, x] of node.entries()) yield* rules(x, `${where}[${i}]`);
    } else if (node && typeof node === 'object') {
        yield [node, where];
        for (const [k, v] of Object.entries(node)) yield* rules(v, `${where}.${k}`);
    }
}

test('every scope name of the grammar is standard-shaped and ends in .dynamos', () => {
    const bad = [];
    for (const [rule, where] of rules(grammar, 'grammar')) {
        for (const key of ['name', 'contentName']) {
            if (typeof rule[key] !== 'string' || where === 'grammar') continue;
            for (const scope of rule[key].split(/\s+/)) {
                if (!/^[a-z]+(\.[a-z0-9-]+)*\.dynamos$/.test(scope)) bad.push(`${where}.${key}: ${scope}`);
            }
        }
    }
    assert.deepStrictEqual(bad, []);
});

test('every include of the grammar resolves and every repository rule is used', () => {
    const used = new Set();
    const unresolved = [];
    for (const [rule, where] of rules(grammar, 'grammar')) {
        if (typeof rule.include !== 'string') continue;
        if (rule.include === '$self' || rule.include === '$base') continue;
        const name = rule.include.replace(/^#/, '');
        used.add(name);
        if (!rule.include.startsWith('#') || !(name in grammar.repository)) unresolved.push(`${where}: ${rule.include}`);
    }
    assert.deepStrictEqual(unresolved, []);
    assert.deepStrictEqual(Object.keys(grammar.repository).filter((k) => !used.has(k)), []);
});

test('the language configuration: comments, brackets, auto-closing outside strings', () => {
    assert.strictEqual(config.comments.lineComment, '//');
    assert.deepStrictEqual(config.comments.blockComment, ['/*', '*/']);
    assert.deepStrictEqual(config.brackets, [['{', '}'], ['(', ')']]);
    for (const open of ['{', '(', '"']) {
        const pair = config.autoClosingPairs.find((p) => p.open === open);
        assert.ok(pair, `${open} is not auto-closed`);
        assert.ok(pair.notIn.includes('string'), `${open} is auto-closed inside strings`);
    }
    assert.ok(config.folding.markers.start && config.folding.markers.end);
});

test('the language configuration: indentation rules', () => {
    const re = (s) => new RegExp(s);
    const increase = re(config.indentationRules.increaseIndentPattern);
    const decrease = re(config.indentationRules.decreaseIndentPattern);
    const next = re(config.indentationRules.indentNextLinePattern);
    for (const line of ['update u {', '    group sched atomic {', '    replace "fs/namei.c":may_open {',
        '    phase prepare { // first', '    phase final { /* last */']) {
        assert.match(line, increase);
    }
    for (const line of ['update u { source "a.c"; replace f with g; }', '}', '// {', '    replace f with g;']) {
        assert.doesNotMatch(line, increase);
    }
    assert.match('}', decrease);
    assert.match('    }', decrease);
    assert.doesNotMatch('    replace f with g;', decrease);
    assert.match('    replace pick_next_task_fair with pick_next_task_linger', next);
    assert.match('        version v2', next);
    assert.doesNotMatch('    replace f with g;', next);
    assert.doesNotMatch('    replace may_open {', next);
    const word = re(`^(?:${config.wordPattern})$`);
    for (const w of ['cmdline_proc_show_v2', '500ms', '0x1F', '10']) assert.match(w, word);
    for (const rule of config.onEnterRules) {
        for (const k of ['beforeText', 'afterText', 'previousLineText']) if (rule[k]) re(rule[k]);
    }
    re(config.folding.markers.start);
    re(config.folding.markers.end);
});

// The text a snippet inserts when every placeholder keeps its default (the
// first choice of a choice).
function expandSnippet(body) {
    const defaults = {};
    const parse = (s) => {
        let out = '';
        for (let i = 0; i < s.length;) {
            if (s[i] === '\\') { out += s[i + 1]; i += 2; continue; }
            const tabstop = /^\$(\d+)/.exec(s.slice(i));
            if (tabstop) { out += `\0${tabstop[1]}\0`; i += tabstop[0].length; continue; }
            if (s.startsWith('${', i)) {
                let depth = 0;
                let j = i + 1;
                for (; j < s.length; j++) {
                    if (s[j] === '\\') j++;
                    else if (s[j] === '{') depth++;
                    else if (s[j] === '}' && --depth === 0) break;
                }
                const inner = s.slice(i + 2, j);
                i = j + 1;
                let m;
                if ((m = /^(\d+)$/.exec(inner))) out += `\0${m[1]}\0`;
                else if ((m = /^(\d+)\|([^|]*)\|$/.exec(inner))) out += (defaults[m[1]] = m[2].split(',')[0]);
                else if ((m = /^(\d+):([\s\S]*)$/.exec(inner))) out += (defaults[m[1]] ??= parse(m[2]));
                else throw new Error(`unsupported snippet syntax \${${inner}}`);
                continue;
            }
            out += s[i++];
        }
        return out;
    };
    let text = parse(body.join('\n'));
    for (let k = 0; k < 5; k++) text = text.replace(/\0(\d+)\0/g, (_, n) => defaults[n] ?? '');
    return text;
}

test('snippets exist for an update, a group, a versioned function, a safe point, state-transfer hooks', () => {
    const prefixes = new Set(Object.values(snippets).flatMap((s) => [].concat(s.prefix)));
    for (const p of ['update', 'group', 'versioned', 'replacew', 'safepoint', 'hooks', 'shadow', 'migrate']) {
        assert.ok(prefixes.has(p), `no snippet with prefix ${p}`);
    }
    for (const [name, s] of Object.entries(snippets)) {
        assert.ok(s.description, `snippet ${name} has no description`);
        assert.ok(Array.isArray(s.body) && s.body.length, `snippet ${name} has no body`);
    }
    assert.strictEqual(expandSnippet(snippets['Versioned function'].body),
        'replace original_function {\n\tversion original_function_v2 when current.comm == "name";\n\tdefault original;\n}');
});

test('every snippet inserts fully highlighted text', async () => {
    const keywords = new Set(highlightedKeywords());
    const report = [];
    for (const [name, s] of Object.entries(snippets)) {
        const text = expandSnippet(s.body);
        const problems = await scopingProblems(text, keywords, { full: true });
        if (problems.length) report.push(`${formatProblems(`snippet ${name}`, problems)}\n${text}`);
        // Statements end with ';' or '}'.
        const lines = await tokenize(text);
        const last = lines.flatMap((l) => l.tokens).filter((t) => t.text.trim()).pop();
        if (!/[;}]$/.test(last.text)) report.push(`snippet ${name} ends with '${last.text}'`);
    }
    assert.strictEqual(report.length, 0, report.join('\n'));
});

// vsce needs Node.js 20 or later; on an older Node.js these two are skipped.
const nodeMajor = Number(process.versions.node.split('.')[0]);
const skipVsce = nodeMajor < 20 ? `vsce needs Node.js 20 or later (this is ${process.version})` : false;
const vsce = (...args) => execFileSync(process.execPath,
    [path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce'), ...args],
    { cwd: EXTENSION_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const PACKAGED = ['README.md', 'language-configuration.json', 'package.json',
    'snippets/dynamos.json', 'syntaxes/dynamos.tmLanguage.json'];

test('vsce ls: the package holds the manifest, README, grammar, configuration and snippets', { skip: skipVsce }, () => {
    const files = vsce('ls', '--no-dependencies').split('\n').map((l) => l.trim()).filter(Boolean).sort();
    assert.deepStrictEqual(files, PACKAGED);
});

test('vsce package builds a .vsix with them', { skip: skipVsce }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamos-vsix-'));
    try {
        const out = path.join(dir, 'dynamos-syntax.vsix');
        vsce('package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '-o', out);
        // A zip keeps its file names uncompressed (vsce stores README.md as readme.md).
        const zip = fs.readFileSync(out).toString('latin1').toLowerCase();
        for (const f of ['extension.vsixmanifest', ...PACKAGED.map((x) => `extension/${x}`.toLowerCase())]) {
            assert.ok(zip.includes(f), `${f} is not in the .vsix`);
        }
        assert.ok(!zip.includes('extension/test/') && !zip.includes('node_modules/'), 'the .vsix holds test files or node_modules');
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
