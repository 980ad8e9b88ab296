// The ledger against DynamoDB (dynalite) with the built relay: a sync conflict is listed in
// GET /api/v1/exceptions, and `verify --cloud` finds a local history rewritten after it left the
// shop, even one whose hash chain was recomputed so that plain `verify` passes.
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoClient } from '../../src/dynamo/client.js';
import { SEGMENT_MAGIC, encodeFrames, readFrame } from '../../src/storage/journal-frame.js';
import {
  GENESIS_HASH,
  encodePayload,
  parsePayload,
  payloadHash,
} from '../../src/storage/journal-record.js';
import { startDynamoRig, type DynamoRig } from './sync-support/dynamo-rig.js';
import { startSyncedRelay, syncedRelayEnv, waitForSynced } from './sync-support/synced-relay.js';
import { ADMIN_TOKEN, RELAY_MAIN, makeBill, requestJson, sleep, tempDir } from './relay-process.js';

const TABLE = 'caja_ledger_test';
const DAY = '2026-11-25';
const admin = { token: ADMIN_TOKEN };

let dynamo: DynamoRig;
const dirs: string[] = [];
beforeAll(async () => {
  dynamo = await startDynamoRig();
});
afterAll(async () => {
  await dynamo.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function settings(storeId: string) {
  return { storeId, table: TABLE, endpoint: dynamo.dynaliteEndpoint };
}

/** A sub-command, without blocking this process (dynalite answers from it). */
function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [RELAY_MAIN, ...args], { env }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function freshDir(): string {
  const dir = tempDir('caja-ledger-dynamo-');
  dirs.push(dir);
  return dir;
}

/** A bill of DAY, 10:00 in Bogotá. */
function sale(id: string, number: number) {
  return { ...makeBill(id, 'till-1', 1, `${DAY}T15:00:00.000Z`, number), number };
}

describe('the ledger with DynamoDB', () => {
  it('lists a sync conflict (same id and version, other content) as an exception', async () => {
    const storeId = 'conflict-store';
    const bill = sale('conflicted', 1);
    // Another relay on the same STORE_ID wrote other content at the same id and version.
    const client = createDynamoClient({
      endpoint: dynamo.dynaliteEndpoint,
      useCredentialChain: false,
      requestTimeoutMs: 5000,
    });
    const relay = await startSyncedRelay(freshDir(), settings(storeId));
    await requestJson(relay.url, 'POST', '/api/v1/sync', admin); // creates the table
    await client.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          ...bill,
          kind: 'sale',
          status: 'closed',
          items: [{ ...bill.items[0]!, name: 'Not what the till sold' }],
          pk: `SHIFT#${storeId}#${DAY}`,
          sk: `BILL#${bill.id}`,
        },
      }),
    );
    client.destroy();
    expect(
      (await requestJson(relay.url, 'PUT', `/api/v1/bills/${bill.id}`, { body: bill })).status,
    ).toBe(201);

    const deadline = Date.now() + 30_000;
    let exceptions: Array<{ code: string; billId: string | null }> = [];
    while (!exceptions.some((exception) => exception.code === 'conflict')) {
      if (Date.now() > deadline)
        throw new Error(`no conflict listed: ${JSON.stringify(exceptions)}`);
      await requestJson(relay.url, 'POST', '/api/v1/sync', admin);
      const answer = await requestJson(
        relay.url,
        'GET',
        `/api/v1/exceptions?from=${DAY}&to=${DAY}`,
        admin,
      );
      exceptions = answer.body.exceptions;
      await sleep(100);
    }
    expect(exceptions).toContainEqual({
      code: 'conflict',
      date: DAY,
      billId: bill.id,
      tillId: 'till-1',
      detail: { version: 1, foundAt: expect.any(String) },
    });
    // Outside the range asked for, it is not listed.
    const other = await requestJson(
      relay.url,
      'GET',
      '/api/v1/exceptions?from=2026-11-26&to=2026-11-27',
      admin,
    );
    expect(other.body.exceptions.filter((e: { code: string }) => e.code === 'conflict')).toEqual(
      [],
    );
    expect((await relay.kill('SIGTERM')).code).toBe(0);
  }, 60_000);

  it('verify --cloud matches the chain heads of SUMMARY and Z, and finds a rewritten history', async () => {
    const storeId = 'chain-store';
    const dataDir = freshDir();
    const relay = await startSyncedRelay(dataDir, settings(storeId));
    for (const number of [1, 2, 3]) {
      const bill = sale(`chain-${number}`, number);
      expect(
        (await requestJson(relay.url, 'PUT', `/api/v1/bills/${bill.id}`, { body: bill })).status,
      ).toBe(201);
    }
    const close = await requestJson(relay.url, 'POST', `/api/v1/days/${DAY}/close`, {
      ...admin,
      body: { countedCash: 0 },
    });
    expect(close.status).toBe(201);
    await waitForSynced(relay.url);
    await waitForSynced(relay.url);
    expect((await relay.kill('SIGTERM')).code).toBe(0);

    // RECOVER_LOOKBACK_DAYS reaches back to DAY whatever today is.
    const lookback = String(Math.ceil((Date.now() - Date.parse(DAY)) / 86_400_000) + 2);
    const env = syncedRelayEnv(dataDir, settings(storeId), { RECOVER_LOOKBACK_DAYS: lookback });
    const sound = await run(['verify', '--cloud'], env);
    expect(sound.code, sound.stdout + sound.stderr).toBe(0);
    // The SUMMARY of the day and its Z, both compared.
    expect(sound.stdout).toMatch(/chain heads in DynamoDB: 2 \(SUMMARY and Z items\), 2 match/);

    rewriteHistory(dataDir);
    const plain = await run(['verify'], env);
    expect(plain.code, plain.stdout).toBe(0); // the chain itself is consistent again
    const cloud = await run(['verify', '--cloud'], env);
    expect(cloud.code).toBe(1);
    expect(cloud.stdout).toContain(`MISMATCH: the Z of ${DAY}`);
    expect(cloud.stdout).toContain(`MISMATCH: the SUMMARY of ${DAY}`);
  }, 60_000);
});

/** Renames a line of the first bill and recomputes every CRC and every `prev` after it. */
function rewriteHistory(dataDir: string): void {
  const dir = join(dataDir, 'journal');
  let prev = GENESIS_HASH;
  let tampered = false;
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.journal'))
    .sort()) {
    const buffer = readFileSync(join(dir, name));
    const payloads: string[] = [];
    let at = SEGMENT_MAGIC.length;
    while (at < buffer.length) {
      const frame = readFrame(buffer, at);
      if (!frame.ok) break;
      const record = parsePayload(buffer.toString('utf8', frame.payloadStart, frame.payloadEnd));
      if (!tampered && record.op === 'put') {
        record.bill = {
          ...record.bill,
          items: record.bill.items.map((item) => ({ ...item, name: 'Rewritten' })),
        };
        tampered = true;
      }
      const payload = encodePayload(
        record,
        undefined,
        record.prev === undefined ? undefined : prev,
      );
      prev = payloadHash(payload);
      payloads.push(payload);
      at = frame.payloadEnd;
    }
    writeFileSync(join(dir, name), encodeFrames(payloads, true));
  }
  expect(tampered).toBe(true);
}
