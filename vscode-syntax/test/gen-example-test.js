'use strict';
// Writes the vscode-tmgrammar-test file of an example script from the grammar's
// current tokens, for a new example (review it before committing: from then on
// it is the golden file the grammar is tested against).
//
//   node test/gen-example-test.js ../examples/NAME/NAME.dyn > test/grammar/examples/NAME/NAME.dyn
const fs = require('fs');
const path = require('path');
const { tokenize, isMeaningful } = require('./lib/textmate');

async function main(file) {
    const text = fs.readFileSync(file, 'utf8').replace(/\n$/, '');
    const out = [`// SYNTAX TEST "source.dynamos" "${path.basename(file)}"`];
    for (const line of await tokenize(text)) {
        out.push(line.text);
        for (const t of line.tokens) {
            const scopes = t.scopes.filter(isMeaningful);
            if (scopes.length === 0 || t.text.trim() === '') continue;
            const len = t.end - t.start;
            if (t.start === 0) {
                out.push(`// <${'-'.repeat(len)} ${scopes.join(' ')}`);
            } else if (t.start >= 2) {
                out.push(`//${' '.repeat(t.start - 2)}${'^'.repeat(len)} ${scopes.join(' ')}`);
            }
        }
    }
    process.stdout.write(out.join('\n') + '\n');
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
