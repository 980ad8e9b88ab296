// Runs every benchmark and writes docs/benchmarks.md with the machine and the date.
import { writeFileSync } from 'node:fs';
import os from 'node:os';

const sections = [];
const results = '_No benchmarks yet: later issues add them here._';
sections.push(results);

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}, ${os.platform()} ${os.release()}`;
const doc = `# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString()}.\n\nMachine: ${machine}\n\n${sections.join('\n\n')}\n`;
writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), doc);
console.log(doc);
