// Bundles the relay into one ES module, dist/main.js. The relay's own npm dependencies stay
// external (node_modules is present wherever the relay runs); @caja/models is bundled from
// source, together with what it imports (zod), so the relay never depends on the models package
// having been built first nor on the models' dependencies being resolvable from apps/relay.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { dependencies = {} } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url)));
const external = Object.keys(dependencies)
  .filter((name) => !name.startsWith('@caja/'))
  .flatMap((name) => [name, `${name}/*`]);

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  conditions: ['source'],
  external,
  alias: { '@caja/models': '../../packages/models/src/index.ts' },
  logLevel: 'warning',
});
