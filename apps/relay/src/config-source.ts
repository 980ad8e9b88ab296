// Where the relay's configuration comes from: the environment, with `.env` under it. Apart from
// the schema (config.ts, which loads zod) so that main.ts can find DATA_DIR first thing and start
// reading the journal ahead while the rest of the relay loads.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

export type Env = Record<string, string | undefined>;

export const DATA_DIR_DEFAULT = './data';

/** DATA_DIR as an absolute path: the one rule, for config.ts and for the early read ahead. */
export function dataDirOf(env: Env, cwd: string): string {
  return resolve(cwd, env.DATA_DIR?.trim() || DATA_DIR_DEFAULT);
}

/** The environment the relay sees: `.env` in `cwd` first, then the real environment on top. */
export function readEnvironment(cwd: string, processEnv: Env): { env: Env; errors: string[] } {
  const file = resolve(cwd, '.env');
  if (!existsSync(file)) return { env: { ...processEnv }, errors: [] };
  const content = readFileSync(file, 'utf8');
  // parseEnv skips what it cannot read; say so rather than let a typo pass silently.
  const errors = content.split(/\r?\n/).flatMap((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^(export\s+)?[A-Za-z_]\w*\s*=/.test(line))
      return [];
    return [`.env line ${index + 1} is not KEY=value: ${JSON.stringify(line.slice(0, 60))}`];
  });
  return { env: { ...parseEnv(content), ...processEnv }, errors };
}
