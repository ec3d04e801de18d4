#!/usr/bin/env node
'use strict';
// Prints a draft vscode-tmgrammar-test file for a script: the header, then each
// source line followed by one assertion per token with the scopes the grammar
// gives it now. Review every assertion before committing it: the draft
// records what the grammar does, the test must say what it should do.
//
//   node scripts/draft-assertions.js ../examples/x/x.dyn > test/grammar/examples/x/x.dyn
const fs = require('fs');
const path = require('path');
const { tokenize, isMeaningful } = require('../test/lib/textmate');

async function main() {
    const file = process.argv[2];
    if (!file) {
        console.error('usage: draft-assertions.js SCRIPT.dyn');
        process.exit(2);
    }
    const out = [`// SYNTAX TEST "source.dynamos" "${path.basename(file)}"`];
    for (const line of await tokenize(fs.readFileSync(file, 'utf8'))) {
        out.push(line.text);
        for (const t of line.tokens) {
            const scopes = t.scopes.filter(isMeaningful);
            if (!t.text.trim() || !scopes.length) continue;
            const at = t.start + t.text.search(/\S/);
            const len = t.text.trimEnd().length - (at - t.start);
            out.push(at >= 2
                ? `//${' '.repeat(at - 2)}${'^'.repeat(len)} ${scopes.join(' ')}`
                : `// <${'~'.repeat(at)}${'-'.repeat(len)} ${scopes.join(' ')}`);
        }
    }
    process.stdout.write(out.join('\n').replace(/\n*$/, '\n'));
}

main().catch((e) => { console.error(e); process.exit(1); });
