import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { parseDotEnv } from '../../../src/dotenv.js';
import { readShopSettings } from '../../../src/catalog/index.js';
import { readSyncEnv } from '../../../src/sync/index.js';

const examplePath = fileURLToPath(new URL('../../../../../.env.example', import.meta.url));
const example = readFileSync(examplePath, 'utf8');

/** Every variable the example mentions, set or commented out ("# NAME=value"). */
function mentioned(text: string): string[] {
  return [...text.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1] ?? '');
}

describe('.env.example', () => {
  it('is a valid configuration as shipped (copying it to .env must not break the relay)', () => {
    const { values, errors } = parseDotEnv(example);
    expect(errors).toEqual([]);
    const result = loadConfig(values, '/srv/caja');
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(() => readSyncEnv(values)).not.toThrow();
    expect(readShopSettings(values, 'UTC').currency).toBe('COP');
  });

  it('mentions every variable of the contract', () => {
    const names = new Set(mentioned(example));
    const contract = readFileSync(
      fileURLToPath(new URL('../../../../../../shared/CONTRACT.md', import.meta.url)),
      'utf8',
    );
    const section = contract.split('## Relay environment')[1]?.split('\n## ')[0] ?? '';
    const required = [...section.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]);
    expect(required.length).toBeGreaterThan(10);
    expect(required.filter((name) => !names.has(name ?? ''))).toEqual([]);
  });
});
