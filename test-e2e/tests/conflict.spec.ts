import { expect, test } from '@playwright/test';
import { pesos, TillPage } from '../pages/till-page.js';
import { getBill, issuePairingCode } from '../support/relay-api.js';
import { ADMIN_TOKEN, RELAY_TOKEN } from '../support/env.js';

// A 409 against the real relay: while the till is offline, the relay gets another content for
// the till's bill at the same version (another device, a restored disk). Back online, the till
// must not strand its bill: it reads the relay's copy from the 409 and sends the cashier's sale
// as the next version above it.
test('a bill the relay holds with other content goes up as the next version, not stranded', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(120_000);
  const till = new TillPage(page);
  await till.open();
  await till.pair(await issuePairingCode(request), 'Caja conflicto');
  // The service worker must have precached the app shell before the network goes away.
  await till.waitForOfflineReady();

  await context.setOffline(true);
  await till.addAmount('2500');
  await till.saveWithEnter(pesos(2500));
  await expect(till.statusBar).toContainText('1 factura por enviar');
  await till.openToday();
  const [id] = await till.billIds();
  expect(id).toBeTruthy();

  // The API requests go from the test runner, not the offline browser.
  const tills = (await (
    await request.get('/api/v1/admin/tills', {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    })
  ).json()) as { tills: { tillId: string; name: string }[] };
  const tillId = tills.tills.find((entry) => entry.name === 'Caja conflicto')!.tillId;
  const other = {
    id,
    tillId,
    version: 1,
    createdAt: new Date().toISOString(),
    items: [{ id: 'otro', name: 'Otro contenido', price: 9900, quantity: 1 }],
    total: 9900,
  };
  const planted = await request.put(`/api/v1/bills/${id}`, {
    headers: { authorization: `Bearer ${RELAY_TOKEN}` },
    data: other,
  });
  expect(planted.status()).toBe(201);

  // Back online: the upload of version 1 gets 409 with the relay's copy; the till saves the
  // cashier's sale as version 2 above it and sends that.
  await context.setOffline(false);
  await expect(till.statusBar).toContainText('Todas las facturas enviadas', { timeout: 30_000 });
  const stored = await getBill(request, id!);
  expect(stored?.bill).toMatchObject({ id, version: 2, total: 2500, tillId });
  await expect(till.whereOf(id!)).toHaveText(/En el relay|En la nube/);
});
