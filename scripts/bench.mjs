// npm run bench: runs every benchmark and writes docs/benchmarks.md.
import { build, ensureInstalled, run } from './lib.mjs';

ensureInstalled();
build();
run(process.execPath, ['bench/run.mjs']);
