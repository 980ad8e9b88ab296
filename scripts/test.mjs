// npm test: installs what is missing (Debian's chromium included), then lint, typecheck, unit,
// integration and browser tests. Every check runs even when an earlier one fails, so one run
// shows every problem; the exit code is non-zero if anything failed.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  build,
  chromiumPath,
  ensureChromium,
  ensureInstalled,
  nodeBin,
  pnpm,
  printTimings,
  root,
  run,
  step,
} from './lib.mjs';

const output = join(root, '.test-output');
rmSync(output, { recursive: true, force: true });
mkdirSync(output, { recursive: true });

ensureInstalled();
ensureChromium();
build();

const failures = [];
const counts = { passed: 0, failed: 0, skipped: 0 };

function check(name, fn) {
  try {
    step(name, fn);
  } catch (error) {
    failures.push(name);
    console.error(`✗ ${name}: ${error.message}`);
  }
}

function vitest(name, projects, extraArgs = []) {
  const report = join(output, `${name}.json`);
  check(name, () => {
    try {
      pnpm([
        'exec',
        'vitest',
        'run',
        ...projects.flatMap((project) => ['--project', project]),
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
        ...extraArgs,
      ]);
    } finally {
      addVitestCounts(report);
    }
  });
}

function addVitestCounts(report) {
  try {
    const result = JSON.parse(readFileSync(report, 'utf8'));
    counts.passed += result.numPassedTests;
    counts.failed += result.numFailedTests;
    counts.skipped += result.numPendingTests + result.numTodoTests;
  } catch {
    // No report: the runner failed before testing; the step itself is already marked failed.
  }
}

check('lint', () => {
  pnpm(['exec', 'eslint', '.', '--max-warnings', '0']);
  pnpm(['exec', 'prettier', '--check', '.', '--log-level', 'warn']);
  run(nodeBin, ['scripts/check-cycles.mjs']);
  run(nodeBin, ['scripts/check-standalone.mjs']);
});
check('typecheck', () => pnpm(['-r', '--workspace-concurrency=1', 'typecheck']));
vitest('unit', ['models', 'relay', 'reporter', 'pwa'], ['--coverage']);
vitest('integration', ['integration']);
check('browser', () => {
  const report = join(output, 'browser.json');
  try {
    pnpm(['--filter', '@caja/test-e2e', 'exec', 'playwright', 'test', '--reporter=list,json'], {
      env: { ...process.env, CHROMIUM_PATH: chromiumPath, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
    });
  } finally {
    try {
      const { stats } = JSON.parse(readFileSync(report, 'utf8'));
      counts.passed += stats.expected + stats.flaky;
      counts.failed += stats.unexpected;
      counts.skipped += stats.skipped;
    } catch {
      // As above: no report means the step failed before running tests.
    }
  }
});

printTimings();
if (counts.skipped > 0) {
  failures.push(`${counts.skipped} skipped test(s): a skipped test is a defect`);
}
if (failures.length > 0) console.error(`\nFailed: ${failures.join(', ')}`);
console.log(`\nTests: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(failures.length > 0 ? 1 : 0);
