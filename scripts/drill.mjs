// npm run drill: the fault drills of apps/relay/test/integration/drills at full count against
// the built relay (each started as a child process), then docs/reliability.md from what each
// drill reported. `npm test` runs the same drills once, short.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, ensureInstalled, pnpm, root } from './lib.mjs';

ensureInstalled();
build();

const reportPath = join(tmpdir(), `caja-drill-${process.pid}.jsonl`);
rmSync(reportPath, { force: true });
let failed = false;
try {
  const drills = 'apps/relay/test/integration/drills';
  // Full counts take minutes per drill (100 restarts under load); the default is per test.
  pnpm(['exec', 'vitest', 'run', '--project', 'integration', '--testTimeout=1800000', drills], {
    env: { ...process.env, CAJA_DRILL: 'full', CAJA_DRILL_REPORT: reportPath },
  });
} catch (error) {
  failed = true;
  console.error(`drills failed: ${error.message}`);
}

const rows = existsSync(reportPath)
  ? readFileSync(reportPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];

const cell = (value) => (value === null || value === undefined ? '–' : String(value));
const lines = [
  '# Reliability drills',
  '',
  'Written by `npm run drill` (full counts) from the drills in',
  '`apps/relay/test/integration/drills/`; `npm test` runs each once, short. Each drill starts the',
  'built relay (`apps/relay/dist/main.js`) as a child process. "Lost": acknowledged bills the',
  'relay no longer has; "duplicated": a bill listed twice in its day; "stale": the relay holds an',
  'older version than it acknowledged; "p99": a normal till\'s acknowledgement time during the drill.',
  '',
  `Run: ${new Date().toISOString()}, Node ${process.version}, on a shared 2-core machine (figures`,
  'are noisy; the drills measure correctness, `npm run bench` measures speed).',
  '',
  '| drill | what was done | times | acknowledged | lost | duplicated | stale | p99 ms | note |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows.map(
    (row) =>
      `| ${row.drill} | ${row.what} | ${row.times} | ${row.acknowledged} | ${row.lost} | ` +
      `${row.duplicated} | ${row.stale} | ${cell(row.p99Ms)} | ${row.note ?? ''} |`,
  ),
  '',
];
if (failed) lines.push('**Some drills failed in this run; see the test output.**', '');
writeFileSync(join(root, 'docs', 'reliability.md'), lines.join('\n'));
console.log(`docs/reliability.md: ${rows.length} drills reported`);
if (failed) process.exit(1);
