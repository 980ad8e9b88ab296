// Fails when the relay or the till has an import cycle (type-only imports included: a cycle of
// types is still two modules that cannot be understood apart). Run by `npm run lint` and by
// the lint step of `npm test`. Vue components are left out: they import stores and modules,
// never the other way round, and madge cannot parse single-file components.
import madge from 'madge';
import { join } from 'node:path';
import { root } from './lib.mjs';

const projects = [
  { name: 'relay', dir: 'apps/relay/src' },
  { name: 'till', dir: 'apps/pwa/src' },
];

let cycles = 0;
for (const { name, dir } of projects) {
  const result = await madge(join(root, dir), {
    fileExtensions: ['ts'],
    tsConfig: join(root, 'tsconfig.base.json'),
    dependencyFilter: (path) => !path.endsWith('.vue'),
  });
  const found = result.circular();
  cycles += found.length;
  if (found.length === 0) console.log(`${name}: no import cycles`);
  for (const cycle of found) console.error(`${name}: import cycle ${cycle.join(' > ')}`);
}
process.exit(cycles > 0 ? 1 : 0);
