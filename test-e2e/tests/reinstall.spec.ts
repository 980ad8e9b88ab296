// A till paired again. Revoked, on the same device: it keeps its till id, its numbers go on and
// the bill sold while revoked is sent. Wiped (IndexedDB, service worker and caches gone): a new
// till whose numbers start at 1. Either way no (till, number) is ever used twice.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { pesos, TillPage } from '../pages/till-page.js';
import { issuePairingCode } from '../support/relay-api.js';
import { ADMIN_TOKEN } from '../support/env.js';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

interface TillRow {
  tillId: string;
  name: string;
  revokedAt: string | null;
  highestNumber: number;
  missingNumbers: number[];
}

async function tillsOnRelay(request: APIRequestContext): Promise<TillRow[]> {
  const response = await request.get('/api/v1/admin/tills', { headers: admin });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { tills: TillRow[] }).tills;
}

/** The relay's row for a till, once it has received `highest` (uploads run in the background). */
async function relayRowOnce(request: APIRequestContext, tillId: string, highest: number) {
  await expect
    .poll(async () => (await tillsOnRelay(request)).find((t) => t.tillId === tillId)?.highestNumber)
    .toBe(highest);
  return (await tillsOnRelay(request)).find((t) => t.tillId === tillId)!;
}

async function storedTillId(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const open = indexedDB.open('caja-till');
    const db = await new Promise<IDBDatabase>(
      (resolve) => (open.onsuccess = () => resolve(open.result)),
    );
    const get = db.transaction('kv').objectStore('kv').get('pairing');
    const id = await new Promise<string>(
      (resolve) => (get.onsuccess = () => resolve(get.result.tillId)),
    );
    db.close();
    return id;
  });
}

async function sell(till: TillPage, amount: number, expectedName: string) {
  await till.addAmount(String(amount));
  await till.saveWithEnter(pesos(amount));
  await expect(till.lastBill).toContainText(expectedName);
}

test('a revoked till paired again keeps its id: numbers go on, the waiting bill is sent', async ({
  page,
  request,
}) => {
  const till = new TillPage(page);
  await till.open();
  await till.pair(await issuePairingCode(request), 'Caja vuelta');
  const tillId = await storedTillId(page);
  await sell(till, 1000, 'Caja vuelta · Nº 1');
  await relayRowOnce(request, tillId, 1);

  const revoked = await request.delete(`/api/v1/admin/tills/${tillId}`, { headers: admin });
  expect(revoked.ok()).toBe(true);
  await sell(till, 2000, 'Caja vuelta · Nº 2');
  await expect(page.getByTestId('relay')).toHaveText('Caja revocada: vincúlela de nuevo');

  await page.getByRole('button', { name: 'Vincular' }).click();
  await till.pair(await issuePairingCode(request), 'Caja vuelta');
  expect(await storedTillId(page)).toBe(tillId);
  await sell(till, 3000, 'Caja vuelta · Nº 3');
  const row = await relayRowOnce(request, tillId, 3);
  expect(row).toMatchObject({ revokedAt: null, missingNumbers: [] });
});

test('a wiped tablet paired again under the same name is a new till numbering from 1', async ({
  page,
  request,
}) => {
  const till = new TillPage(page);
  await till.open();
  await till.pair(await issuePairingCode(request), 'Caja borrada');
  const before = await storedTillId(page);
  await sell(till, 1500, 'Caja borrada · Nº 1');
  await sell(till, 2500, 'Caja borrada · Nº 2');
  await relayRowOnce(request, before, 2);

  // Wipe the tablet: the service worker, its caches and the till's database. From a page of the
  // same origin that is not the app, so no open connection blocks the deletion.
  await page.goto('/api/v1/health');
  await page.evaluate(async () => {
    for (const registration of await navigator.serviceWorker.getRegistrations()) {
      await registration.unregister();
    }
    for (const key of await caches.keys()) await caches.delete(key);
    await new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase('caja-till');
      request.onsuccess = resolve;
      request.onerror = () => reject(request.error);
    });
  });

  await till.open();
  await till.pair(await issuePairingCode(request), 'Caja borrada');
  const after = await storedTillId(page);
  expect(after).not.toBe(before);
  await sell(till, 3500, 'Caja borrada · Nº 1');
  const fresh = await relayRowOnce(request, after, 1);
  expect(fresh.missingNumbers).toEqual([]);
  const old = (await tillsOnRelay(request)).find((t) => t.tillId === before)!;
  expect(old).toMatchObject({ highestNumber: 2, missingNumbers: [] });
});
