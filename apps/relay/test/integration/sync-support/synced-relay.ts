// The built relay syncing to dynalite, as several integration tests drive it: its environment
// (short sync timings), bill uploads in batches over HTTP, and waiting until DynamoDB holds
// everything with each day's SUMMARY written.
import { expect } from 'vitest';
import {
  ADMIN_TOKEN,
  baseEnv,
  requestJson,
  sleep,
  startRelay,
  type RunningRelay,
} from '../relay-process.js';

export interface SyncedRelaySettings {
  storeId: string;
  table: string;
  /** dynalite's endpoint (or a FaultProxy in front of it). */
  endpoint: string;
  zone?: string;
}

export function syncedRelayEnv(
  dataDir: string,
  settings: SyncedRelaySettings,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...baseEnv(dataDir),
    ADMIN_TOKEN,
    STORE_ID: settings.storeId,
    STORE_TIMEZONE: settings.zone ?? 'America/Bogota',
    DYNAMODB_TABLE: settings.table,
    DYNAMODB_ENDPOINT: settings.endpoint,
    TIME_TO_SYNC: '1',
    SYNC_RETRY_BASE_MS: '20',
    SYNC_RETRY_CAP_MS: '200',
    ...extra,
  };
}

export function startSyncedRelay(
  dataDir: string,
  settings: SyncedRelaySettings,
  extra?: Record<string, string>,
): Promise<RunningRelay> {
  return startRelay(syncedRelayEnv(dataDir, settings, extra));
}

/** POSTs the bills 100 a batch; the status of each, in order. */
export async function uploadBills(url: string, bills: readonly object[]): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < bills.length; i += 100) {
    const answer = await requestJson(url, 'POST', '/api/v1/bills/batch', {
      body: { bills: bills.slice(i, i + 100) },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    statuses.push(...answer.body.results.map((result: { status: number }) => result.status));
  }
  return statuses;
}

/** Until the health says nothing is pending, then one more complete run (SUMMARY items too). */
export async function waitForSynced(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await requestJson(url, 'GET', '/api/v1/health', { token: null });
    if (health.body?.sync?.pendingBills === 0 && health.body?.sync?.state === 'ok') break;
    if (Date.now() > deadline) throw new Error('timed out waiting for the sync');
    await sleep(100);
  }
  expect((await requestJson(url, 'POST', '/api/v1/sync', { token: ADMIN_TOKEN })).status).toBe(200);
}
