// The relay's HTTP API as the tests use it: admin calls (pairing codes, catalog, sync) and
// reading bills back with the static RELAY_TOKEN.
import { expect, type APIRequestContext } from '@playwright/test';
import { ADMIN_TOKEN, RELAY_TOKEN } from './env.js';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const script = { authorization: `Bearer ${RELAY_TOKEN}` };

export interface StoredBill {
  bill: {
    id: string;
    version: number;
    total: number;
    tillId: string;
    kind?: string;
    status?: string;
  };
  sync: { state: string };
}

/** A one-time pairing code from the admin API (the same kind the relay prints at start-up). */
export async function issuePairingCode(request: APIRequestContext): Promise<string> {
  const response = await request.post('/api/v1/admin/pairing-codes', { headers: admin });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { code: string }).code;
}

export async function getBill(
  request: APIRequestContext,
  id: string,
): Promise<StoredBill | undefined> {
  const response = await request.get(`/api/v1/bills/${id}`, { headers: script });
  if (response.status() === 404) return undefined;
  expect(response.status()).toBe(200);
  return (await response.json()) as StoredBill;
}

/** Asks the relay to sync to DynamoDB now; returns the HTTP status (501 when sync is not wired). */
export async function runSync(request: APIRequestContext): Promise<number> {
  const response = await request.post('/api/v1/sync', { headers: admin });
  return response.status();
}

export async function shift(request: APIRequestContext, date: string) {
  const response = await request.get(`/api/v1/shifts/${date}`, { headers: script });
  expect(response.status()).toBe(200);
  return (await response.json()) as { total: number; billCount: number; byTill: object };
}

export async function putCatalog(
  request: APIRequestContext,
  items: { id: string; name: string; price: number }[],
): Promise<void> {
  const response = await request.put('/api/v1/catalog', { headers: admin, data: { items } });
  expect(response.status()).toBe(200);
}
