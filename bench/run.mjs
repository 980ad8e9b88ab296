// Runs every benchmark and writes docs/benchmarks.md with the machine and the date.
// Each benchmark returns a markdown section that holds its own baseline measured in the same run.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchChainReport } from './chain-report.mjs';
import { benchLedger } from './ledger.mjs';
import { benchOffice } from './office.mjs';
import { benchLighthouse } from './lighthouse.mjs';
import { benchPwa } from './pwa.mjs';
import { benchRebuild } from './rebuild.mjs';
import { benchIntake } from './relay-intake.mjs';
import { benchSyncDrain } from './sync-drain.mjs';
import { benchSyncImpact } from './sync-impact.mjs';

// BENCH_ONLY=intake,tills,sync,pwa,lighthouse,office,ledger,rebuild,chain runs a subset (the document then holds
// only those sections).
const all = {
  intake: benchIntake,
  tills: benchSyncImpact,
  sync: benchSyncDrain,
  pwa: benchPwa,
  lighthouse: benchLighthouse,
  office: benchOffice,
  ledger: benchLedger,
  rebuild: benchRebuild,
  chain: benchChainReport,
};
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const benchmarks = Object.entries(all)
  .filter(([name]) => !only || only.includes(name))
  .map(([, bench]) => bench);
const sections = [];
for (const bench of benchmarks) sections.push(await bench());

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}, ${os.platform()} ${os.release()}`;
const doc = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString()}.

Machine: ${machine}

${sections.join('\n\n')}
`;
writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), doc);
console.log(doc);
