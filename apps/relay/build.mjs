// Bundles the relay into one ES module, dist/main.js. npm packages stay external (node_modules
// is present wherever the relay runs); @caja/models is bundled from source so the relay never
// depends on the models package having been built first.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  conditions: ['source'],
  packages: 'external',
  alias: { '@caja/models': '../../packages/models/src/index.ts' },
  logLevel: 'warning',
});
