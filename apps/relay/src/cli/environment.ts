// Configuration for every sub-command: the environment plus `.env`, validated, or exit code 2.
import { loadConfig, type RelayConfig } from '../config.js';
import { readEnvironment } from '../config-source.js';
import { EXIT_BAD_CONFIG } from './args.js';

export interface Environment {
  config: RelayConfig;
}

/** `read`: the environment and `.env` as readEnvironment found them (main.ts reads them first). */
export function loadEnvironmentOrExit(
  read: ReturnType<typeof readEnvironment> = readEnvironment(process.cwd(), process.env),
): Environment {
  const { env, errors: fileErrors } = read;
  const result = loadConfig(env, process.cwd());
  const errors = [...fileErrors, ...(result.ok ? [] : result.errors)];
  if (!result.ok || errors.length > 0) {
    console.error('The relay cannot start: its configuration has problems.');
    for (const error of errors) console.error(`  - ${error}`);
    console.error('Fix the environment or .env (see .env.example) and start again.');
    process.exit(EXIT_BAD_CONFIG);
  }
  // The AWS SDK reads its credentials from process.env: let `.env` provide them too.
  for (const name of ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE']) {
    if (process.env[name] === undefined && env[name] !== undefined) process.env[name] = env[name];
  }
  return { config: result.config };
}
