import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, variables } from '../../../src/config.js';

const examplePath = fileURLToPath(new URL('../../../../../.env.example', import.meta.url));
const example = readFileSync(examplePath, 'utf8');

/** Every variable the example mentions, set or commented out ("# NAME=value"). */
function mentioned(text: string): string[] {
  return [...text.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1] ?? '');
}

describe('.env.example', () => {
  it('is a valid configuration as shipped (copying it to .env must not break the relay)', () => {
    const result = loadConfig(parseEnv(example), '/srv/caja');
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.config.shop.currency).toBe('COP');
  });

  it('mentions every variable the relay reads, and none it does not', () => {
    const names = new Set(mentioned(example));
    const read = Object.keys(variables);
    expect(read.length).toBeGreaterThan(30);
    expect(read.filter((name) => !names.has(name))).toEqual([]);
    // The AWS SDK reads its credentials itself; SYNC_USE_AWS_CHAIN is read by the credential check.
    const theirs = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'SYNC_USE_AWS_CHAIN'];
    expect([...names].filter((name) => !read.includes(name) && !theirs.includes(name))).toEqual([]);
  });
});
