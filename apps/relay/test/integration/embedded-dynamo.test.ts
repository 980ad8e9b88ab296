// The built relay with its embedded DynamoDB-compatible store (no endpoint, no credentials):
// dynalite runs in its own process under DATA_DIR. Killed with SIGKILL mid-stream, it is started
// again on the same port, the sync resumes and nothing is lost or duplicated; and it never
// outlives a relay that was itself killed with SIGKILL.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../src/dynamo/client.js';
import {
  baseEnv,
  makeBill,
  requestJson,
  sleep,
  startRelay,
  tempDir,
  type RunningRelay,
  type TestBill,
} from './relay-process.js';

const dataDir = tempDir('caja-embedded-');
let relay: RunningRelay | undefined;
afterAll(async () => {
  await relay?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** PIDs of dynalite processes serving this DATA_DIR. */
function dynalitePids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmdline.includes('dynalite-process.mjs') && cmdline.includes(dataDir))
        pids.push(Number(name));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function upload(bills: TestBill[]) {
  const answer = await requestJson(relay!.url, 'POST', '/api/v1/bills/batch', {
    body: { bills },
  });
  expect(answer.status).toBe(200);
}

async function synced(): Promise<boolean> {
  const health = await requestJson(relay!.url, 'GET', '/api/v1/health', { token: null });
  return health.body?.sync?.pendingBills === 0 && health.body?.sync?.state === 'ok';
}

describe('the embedded DynamoDB store', () => {
  it('is restarted when it dies; the sync resumes and every bill lands once', async () => {
    // A short breaker cool-down: the run after the store comes back need not wait 30 s.
    relay = await startRelay({
      ...baseEnv(dataDir),
      TIME_TO_SYNC: '1',
      SYNC_BREAKER_COOLDOWN_MS: '1000',
    });
    const first = Array.from({ length: 150 }, (_, i) =>
      makeBill(`emb-${i}`, 'till-1', 1, '2026-11-26T15:00:00.000Z', i),
    );
    await upload(first);
    await waitFor('the first bills to sync', synced);
    const [pid] = dynalitePids();
    expect(pid).toBeGreaterThan(0);
    const port = Number(readFileSync(join(dataDir, 'dynamodb', 'port'), 'utf8'));

    process.kill(pid!, 'SIGKILL');
    const more = Array.from({ length: 150 }, (_, i) =>
      makeBill(`emb-late-${i}`, 'till-2', 1, '2026-11-27T15:00:00.000Z', 1000 + i),
    );
    await upload(more); // accepted while the store is down: the tills never wait for it
    await waitFor('a new dynalite process', () => dynalitePids().some((other) => other !== pid));
    await waitFor('the sync to catch up after the restart', synced);
    expect(relay.output()).toContain('the embedded DynamoDB store stopped; starting it again');

    // Same port as before: the sync's client kept its endpoint. Every bill exactly once.
    const client = createDynamoClient({
      endpoint: `http://127.0.0.1:${port}`,
      useCredentialChain: false,
      requestTimeoutMs: 10_000,
    });
    const items: Array<Record<string, unknown>> = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: 'daily_shifts', ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    client.destroy();
    const ids = items.filter((item) => String(item.sk).startsWith('BILL#')).map((i) => i.id);
    expect(new Set(ids).size).toBe(300);
    expect(ids).toHaveLength(300);

    // A relay killed outright takes its store with it (the store notices the closed channel).
    const survivors = dynalitePids();
    expect(survivors).toHaveLength(1);
    await relay.kill('SIGKILL');
    relay = undefined;
    await waitFor('dynalite to exit after the relay', () => dynalitePids().length === 0, 10_000);
  });
});
