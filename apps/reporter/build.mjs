// Bundles the reporter into dist/handler.js (the Lambda entry points), dist/cli.js and
// dist/index.js (the library, for scripts and the benchmark), each one self-contained file (AWS
// SDK included: the function does not depend on the runtime's copy), then packs
// dist/reporter-lambda.zip: handler.js plus a package.json that makes it an ES module.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { zipSync } from 'fflate';

rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { handler: 'src/handler.ts', cli: 'src/cli.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  // The Lambda runtime nodejs22.x; the CLI runs on the project's Node 24 too.
  target: 'node22',
  format: 'esm',
  conditions: ['source'],
  alias: { '@caja/models': '../../packages/models/src/index.ts' },
  // Bundled CommonJS (parts of the AWS SDK) calls require(): give the ES module one.
  banner: {
    js: "import { createRequire as __cajaCreateRequire } from 'node:module'; const require = __cajaCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

const zip = zipSync(
  {
    'handler.js': readFileSync('dist/handler.js'),
    'package.json': new TextEncoder().encode('{ "type": "module" }\n'),
  },
  // Fixed times: the same sources give the same zip (and the same Lambda code hash).
  { level: 9, mtime: new Date('2026-01-01T00:00:00Z') },
);
writeFileSync('dist/reporter-lambda.zip', zip);
