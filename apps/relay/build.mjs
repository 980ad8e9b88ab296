// Bundles the relay into dist/main.js (plus lazily loaded chunks). @caja/models is bundled from
// source, together with what it imports (zod), so the relay never depends on the models package
// having been built first nor on the models' dependencies being resolvable from apps/relay.
// The HTTP stack (express and its middleware, prom-client, zod-to-openapi, cockatiel) is bundled
// too: resolving and reading a few hundred files of node_modules was a fifth of every start.
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const { dependencies = {} } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url)));
// Stay in node_modules: dynalite runs in its own process from there, and the AWS SDK (large)
// loads lazily, after the relay listens.
const KEEP_EXTERNAL = (name) => name === 'dynalite' || name.startsWith('@aws-sdk/');
const external = Object.keys(dependencies)
  .filter(KEEP_EXTERNAL)
  .flatMap((name) => [name, `${name}/*`]);

// Chunk names carry a content hash: start from an empty folder so stale chunks never pile up.
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

await build({
  // Worker threads are entries of their own beside dist/main.js: the sync, and start-up's read
  // ahead of the journal and daily_shifts.json.
  entryPoints: {
    main: 'src/main.ts',
    'sync-worker': 'src/sync/worker-main.ts',
    'read-ahead-worker': 'src/storage/read-ahead-worker.ts',
  },
  outdir: 'dist',
  // Splitting lets the DynamoDB client and dynalite load lazily (dynamic import in
  // sync/target.ts), after the relay listens: start-up time is time the tills wait.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  sourcemap: true,
  conditions: ['source'],
  external,
  alias: { '@caja/models': '../../packages/models/src/index.ts' },
  logLevel: 'warning',
  // Bundled CommonJS packages call require() for Node's own modules: give the ES modules one.
  banner: {
    js: "import { createRequire as __cajaRequire } from 'node:module'; const require = __cajaRequire(import.meta.url);",
  },
});

// The embedded DynamoDB store's process is plain JavaScript, run as is from src/ or dist/.
copyFileSync('src/dynamo/dynalite-process.mjs', 'dist/dynalite-process.mjs');
