// Fails when a tracked file reads or cites something outside the repository (a sibling folder,
// a contract or style guide that a clone does not have) or when a comment cites an issue number:
// a clone must stand alone, and an issue number means nothing to the next reader. Run by
// `npm run lint`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib.mjs';

const forbidden = [
  { pattern: /\.\.\/shared\b/, why: 'reads or cites a folder outside the repository' },
  { pattern: /\bCONTRACT\.md\b/, why: 'cites a contract file a clone does not have' },
  { pattern: /\bSTYLE(\.md\b| #\d)/, why: 'cites a style guide a clone does not have' },
  { pattern: /\b[Ii]ssues? #?\d+\b/, why: 'cites an issue number' },
];
const self = 'scripts/check-standalone.mjs';
const text = /\.(ts|mts|mjs|js|cjs|vue|json|md|yaml|yml|html|css|sh)$|^\.ci\/run$|^\.env\.example$/;

const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file && file !== self && text.test(file) && !file.endsWith('pnpm-lock.yaml'));
let problems = 0;
for (const file of files) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  lines.forEach((line, index) => {
    for (const { pattern, why } of forbidden) {
      if (!pattern.test(line)) continue;
      problems += 1;
      console.error(`${file}:${index + 1}: ${why}: ${line.trim().slice(0, 120)}`);
    }
  });
}
if (problems === 0)
  console.log(`standalone: ${files.length} files cite nothing outside the repository`);
process.exit(problems > 0 ? 1 : 0);
