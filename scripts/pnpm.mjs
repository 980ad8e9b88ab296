// Runs the pinned pnpm with the given arguments (a global pnpm of that version, else npx), so
// npm scripts work on a machine that has only Node.js and npm.
import { pnpm } from './lib.mjs';

try {
  pnpm(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
