'use strict';
// The project's own scripts as the extension shows them:
//  - every example script (examples/**/*.dyn) is fully scoped: no keyword left
//    as plain text, no character without a scope, nothing marked invalid;
//  - each example has a vscode-tmgrammar-test file under test/grammar/examples/
//    (same path) whose source lines are the example's, so its assertions test
//    the script as it is;
//  - in every other .dyn file of the project (the compiler's test scripts,
//    some deliberately wrong) no keyword is left as plain text.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { parseGrammarTestCase } = require('vscode-tmgrammar-test/dist/unit/parsing');
const { REPO_DIR, EXTENSION_DIR, highlightedKeywords } = require('./lib/textmate');
const g4 = require('./lib/g4');
const { scopingProblems, formatProblems } = require('./lib/scoping');

const EXAMPLES_DIR = path.join(REPO_DIR, 'examples');
const EXAMPLE_TESTS_DIR = path.join(EXTENSION_DIR, 'test', 'grammar', 'examples');
const SKIP_DIRS = new Set(['.git', 'node_modules', 'target', 'vscode-syntax', 'out']);

function dynFiles(dir) {
    const out = [];
    const walk = (d) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name)) walk(p); }
            else if (e.name.endsWith('.dyn')) out.push(p);
        }
    };
    if (fs.existsSync(dir)) walk(dir);
    return out.sort();
}

// Keywords of the parser, and those the extension highlights ahead of it.
const parserKeywords = g4.literalTokens(g4.grammarFiles(path.join(REPO_DIR, 'grammar', 'src', 'main', 'antlr4'))).keywords;
const keywords = new Set([...parserKeywords.keys(), ...highlightedKeywords()]);

const examples = dynFiles(EXAMPLES_DIR);
const rel = (f) => path.relative(REPO_DIR, f);

test('there are example scripts', () => {
    assert.ok(examples.length > 0, `no .dyn file under ${EXAMPLES_DIR}`);
});

for (const file of examples) {
    test(`${rel(file)} is fully scoped`, async () => {
        const problems = await scopingProblems(fs.readFileSync(file, 'utf8'), keywords, { full: true });
        assert.strictEqual(problems.length, 0, formatProblems(rel(file), problems));
    });

    const testFile = path.join(EXAMPLE_TESTS_DIR, path.relative(EXAMPLES_DIR, file));
    const missing = !fs.existsSync(testFile);
    test(`${rel(file)} has grammar assertions in ${path.relative(REPO_DIR, testFile)}`,
        { todo: missing ? 'no grammar test for this example yet (it is still checked above)' : false }, () => {
            assert.ok(!missing, `copy ${rel(file)} to ${path.relative(REPO_DIR, testFile)}, put `
                + `'// SYNTAX TEST "source.dynamos" "${path.basename(file)}"' first and add assertions`);
            const source = parseGrammarTestCase(fs.readFileSync(testFile, 'utf8')).source;
            const example = fs.readFileSync(file, 'utf8').split(/\r\n|\n/);
            assert.deepStrictEqual(source, example,
                `the source lines of ${path.relative(REPO_DIR, testFile)} differ from ${rel(file)}: `
                + 'copy the example again and update the assertions');
        });
}

test('every .dyn file of the project has its keywords highlighted', async () => {
    const all = dynFiles(REPO_DIR).filter((f) => !f.startsWith(EXAMPLES_DIR + path.sep));
    const report = [];
    for (const file of all) {
        const problems = await scopingProblems(fs.readFileSync(file, 'latin1'), keywords);
        if (problems.length) report.push(formatProblems(rel(file), problems));
    }
    assert.strictEqual(report.length, 0, report.join('\n'));
});
