import { expect, test } from '@playwright/test';
import { pesos, TillPage } from '../pages/till-page.js';
import { getBill, issuePairingCode, runSync } from '../support/relay-api.js';

test('sells offline, survives a reload offline, and uploads when the network returns', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(120_000);
  const till = new TillPage(page);
  await till.open();
  await till.pair(await issuePairingCode(request), 'Caja offline');
  // The service worker must have precached the app shell before the network goes away.
  await till.waitForOfflineReady();

  await context.setOffline(true);
  await expect(till.statusBar).toContainText('Sin conexión');
  await till.addAmount('2500');
  await till.saveWithEnter(pesos(2500));
  await till.addAmount('7000');
  await till.saveWithEnter(pesos(7000));
  await expect(till.statusBar).toContainText('2 facturas por enviar');
  // Screens loaded on demand come from the worker's cache, before any reload too.
  await till.openToday();
  await expect(till.tillTotal()).toContainText(pesos(9500));
  await till.openSell();

  // An open bill, then a reload with the network still off: the service worker serves the app
  // from its cache and the draft comes back from IndexedDB.
  await till.addAmount('1200');
  await page.reload();
  await expect(till.total).toHaveText(pesos(1200));
  await expect(till.statusBar).toContainText('2 facturas por enviar');
  await till.saveWithEnter(pesos(1200));
  await expect(till.statusBar).toContainText('3 facturas por enviar');

  await till.openToday();
  const ids = await till.billIds();
  expect(ids).toHaveLength(3);
  for (const id of ids) await expect(till.whereOf(id)).toHaveText('En esta caja');

  // Back online: the 'online' event wakes the uploader.
  await context.setOffline(false);
  await expect(till.statusBar).toContainText('Todas las facturas enviadas');
  for (const id of ids) {
    expect((await getBill(request, id))?.bill.id).toBe(id);
    await expect(till.whereOf(id)).toHaveText(/En el relay|En la nube/);
  }

  // DynamoDB (the relay's embedded dynalite): ask for a sync run and poll until the relay
  // reports each bill synced. The till polls the same state and shows "in the cloud".
  expect(await runSync(request)).toBe(200);
  await expect
    .poll(
      async () =>
        (await Promise.all(ids.map((id) => getBill(request, id)))).map((b) => b?.sync.state),
      {
        timeout: 30_000,
      },
    )
    .toEqual(['synced', 'synced', 'synced']);
  // The till asks the relay every 10 s for bills not yet known to be in the cloud.
  for (const id of ids)
    await expect(till.whereOf(id)).toHaveText('En la nube', { timeout: 25_000 });
});
