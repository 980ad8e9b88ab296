// npm run bench: runs every benchmark and writes docs/benchmarks.md.
import { build, ensureInstalled, nodeBin, run } from './lib.mjs';

ensureInstalled();
build();
run(nodeBin, ['bench/run.mjs']);
