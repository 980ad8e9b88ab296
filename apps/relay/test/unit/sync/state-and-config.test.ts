import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webhookAlerts } from '../../../src/sync/alerts.js';
import { hasAwsCredentials } from '../../../src/dynamo/credentials.js';
import { billToItem, itemToBill, itemToSummary, summaryToItem } from '../../../src/dynamo/items.js';
import {
  initialState,
  loadState,
  migrateState,
  saveState,
  stateFilePath,
} from '../../../src/sync/state-file.js';
import { makeBill, tempDir, testLogger } from './helpers.js';

describe('sync state file', () => {
  it('round-trips through an atomic write, leaving no temp file', async () => {
    const dir = tempDir();
    const path = stateFilePath(dir);
    const state = { ...initialState(), confirmedLsn: 41, dirtyDays: ['2026-11-25'] };
    await saveState(path, state);
    expect(await loadState(path, testLogger())).toEqual(state);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(join(dir, 'sync'))).toEqual(['state.json']);
  });

  it('upgrades a version 1 file: same cursor, a new instance id, no conflicts', () => {
    const upgraded = migrateState({
      schemaVersion: 1,
      confirmedLsn: 7,
      dirtyDays: ['2026-11-25'],
      deadLetters: [],
    });
    expect(upgraded).toMatchObject({
      schemaVersion: 2,
      confirmedLsn: 7,
      dirtyDays: ['2026-11-25'],
      conflicts: [],
      formerDays: [],
    });
    expect(upgraded?.instanceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('starts from LSN 0 when missing, damaged or from an unknown schema version', async () => {
    const dir = tempDir();
    const path = stateFilePath(dir);
    const logger = testLogger();
    expect((await loadState(path, logger)).confirmedLsn).toBe(0);
    mkdirSync(join(dir, 'sync'), { recursive: true });
    writeFileSync(path, '{"schemaVersion":1,"confirmedLsn":12');
    expect((await loadState(path, logger)).confirmedLsn).toBe(0);
    expect(migrateState({ schemaVersion: 3, confirmedLsn: 5 })).toBeUndefined();
    expect(migrateState({ schemaVersion: 1, confirmedLsn: -1 })).toBeUndefined();
    expect(logger.lines.filter((line) => line.startsWith('error'))).toHaveLength(1);
    expect(readFileSync(path, 'utf8')).toContain('12'); // left for a person to look at
  });
});

describe('hasAwsCredentials', () => {
  const none = () => false;
  it('finds keys, profiles, web identity and credential files without the network', () => {
    expect(hasAwsCredentials({}, none, '/home/x')).toBe(false);
    expect(hasAwsCredentials({ AWS_ACCESS_KEY_ID: 'a' }, none)).toBe(false);
    expect(hasAwsCredentials({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }, none)).toBe(
      true,
    );
    expect(hasAwsCredentials({ AWS_PROFILE: 'shop' }, none)).toBe(true);
    expect(hasAwsCredentials({ SYNC_USE_AWS_CHAIN: '1' }, none)).toBe(true);
    expect(hasAwsCredentials({}, (path) => path === '/home/x/.aws/credentials', '/home/x')).toBe(
      true,
    );
  });
});

describe('DynamoDB items', () => {
  it('hold every bill field under its own name, and read back to the same bill', () => {
    const bill = makeBill({ payment: { method: 'card', reference: 'R1' } });
    const item = billToItem('store-1', '2026-11-25', bill, '2026-11-27T00:00:00.000Z');
    expect(item).toMatchObject({
      pk: 'SHIFT#store-1#2026-11-25',
      sk: `BILL#${bill.id}`,
      syncedAt: '2026-11-27T00:00:00.000Z',
      id: bill.id,
      tillId: bill.tillId,
      version: 1,
      items: bill.items,
      total: 5000,
      kind: 'sale',
      status: 'closed',
      payment: { method: 'card', reference: 'R1' },
    });
    expect(itemToBill(item)).toEqual(bill);
  });

  it('store summaries with their digest version and ignore other versions', () => {
    const summary = { total: 10, billCount: 1, digest: 'abc' };
    const item = summaryToItem('s', '2026-11-25', summary, 'now');
    expect(item).toMatchObject({ pk: 'SHIFT#s#2026-11-25', sk: 'SUMMARY', updatedAt: 'now' });
    expect(itemToSummary(item)).toEqual(summary);
    // Version 1 digests covered id:version only: such a SUMMARY counts as absent (rewritten).
    expect(itemToSummary({ ...item, digestVersion: 1 })).toBeUndefined();
    expect(itemToSummary({ ...item, writerId: 'relay-a' })).toEqual({
      ...summary,
      writerId: 'relay-a',
    });
  });
});

describe('webhookAlerts', () => {
  it('posts JSON and logs, never throws, when the webhook is unreachable', async () => {
    const logger = testLogger();
    const posted: string[] = [];
    const ok = webhookAlerts('http://hook.test', logger, async (_url, init) => {
      posted.push(init.body);
      return { ok: true, status: 200 };
    });
    await ok.send({ event: 'sync.state', state: 'retrying' });
    expect(JSON.parse(posted[0]!)).toEqual({ event: 'sync.state', state: 'retrying' });

    const broken = webhookAlerts('http://hook.test', logger, async () => {
      throw new Error('getaddrinfo ENOTFOUND hook.test');
    });
    await expect(broken.send({ event: 'sync.state' })).resolves.toBeUndefined();
    expect(logger.lines.some((line) => line.includes('ENOTFOUND'))).toBe(true);
  });
});
