// Files the relay finds relative to its own code, which runs from dist/main.js, from a chunk in
// dist/chunks/, or (in tests) from src/: each caller names where the file may be from its module.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The first of `candidates` (relative to the module `from`) that exists. */
export function findFile(from: string, candidates: readonly string[]): string | undefined {
  for (const candidate of candidates) {
    const path = fileURLToPath(new URL(candidate, from));
    if (existsSync(path)) return path;
  }
  return undefined;
}
