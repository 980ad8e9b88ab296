// Runs the pinned pnpm with the given arguments (a global pnpm of that version, else npx), so
// npm scripts work on a machine that has only Node.js and npm. Once installed, the project's
// Node 24 runs pnpm's scripts and binaries.
import { pnpm, useProjectNode } from './lib.mjs';

useProjectNode();
try {
  pnpm(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
