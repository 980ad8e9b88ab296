// Every screen passes axe-core with zero violations, speaks the cashier's language (pairing
// screen switch, relay messages translated), and a revoked till says so with a way back.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { pesos, TillPage } from '../pages/till-page.js';
import { issuePairingCode } from '../support/relay-api.js';
import { ADMIN_TOKEN } from '../support/env.js';

async function expectNoViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).exclude('.print-area').analyze();
  const summary = results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(' ')}`,
  );
  expect(summary, screen).toEqual([]);
}

test('zero axe-core violations on every screen', async ({ page, request }) => {
  // Seven full axe-core runs: slow on a machine shared with other work.
  test.setTimeout(240_000);
  const till = new TillPage(page);
  await till.open();
  await expect(page.getByRole('heading', { name: 'Vincular esta caja' })).toBeVisible();
  await expectNoViolations(page, 'pairing');
  await till.pair(await issuePairingCode(request), 'Caja axe');
  await till.addAmount('2500');
  await expectNoViolations(page, 'selling');
  await till.press('F2');
  await expectNoViolations(page, 'payment');
  await till.press('Enter');
  await expect(till.lastBill).toContainText(pesos(2500));
  await expectNoViolations(page, 'saved');
  await till.press('F1');
  await expectNoViolations(page, 'help');
  await till.press('Escape', 'F7');
  await expect(page.getByRole('heading', { name: 'Esta caja hoy' })).toBeVisible();
  await till.press('1', 'Enter');
  await expect(page.getByRole('button', { name: /^Anular/ })).toBeEnabled();
  await expectNoViolations(page, 'today');
  await till.press('a');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Anular la factura' }).click();
  await expect(page.locator('tr.void')).toHaveCount(1);
  await expectNoViolations(page, 'today with a void bill');
});

test('the pairing screen switches language and translates the relay’s refusal', async ({
  page,
}) => {
  const till = new TillPage(page);
  await till.open();
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByRole('heading', { name: 'Pair this till' })).toBeVisible();
  await page.getByLabel('Pairing code').fill('WRON-GCOD');
  await page.getByRole('button', { name: 'Pair', exact: true }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('ask the manager for a new one');
  await expect(alert).not.toContainText('dist/main.js');
});

test('a revoked till says so in the status bar and the re-pair screen has a way back', async ({
  page,
  request,
}) => {
  const till = new TillPage(page);
  await till.open();
  await till.pair(await issuePairingCode(request), 'Caja revocada');
  const tillId = await page.evaluate(async () => {
    const open = indexedDB.open('caja-till');
    const db = await new Promise<IDBDatabase>(
      (resolve) => (open.onsuccess = () => resolve(open.result)),
    );
    const get = db.transaction('kv').objectStore('kv').get('pairing');
    return new Promise<string>((resolve) => (get.onsuccess = () => resolve(get.result.tillId)));
  });
  const revoked = await request.delete(`/api/v1/admin/tills/${tillId}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(revoked.ok()).toBe(true);
  await till.addAmount('1000');
  await till.saveWithEnter(pesos(1000));
  await expect(page.getByTestId('relay')).toHaveText('Caja revocada: vincúlela de nuevo');
  await page.getByRole('button', { name: 'Vincular' }).click();
  await expect(page.getByRole('heading', { name: 'Vincular esta caja' })).toBeVisible();
  await page.getByRole('button', { name: 'Volver a la caja' }).click();
  await expect(till.total).toBeVisible();
});

test('offline after a reload, the shop card shows the last known total and its time', async ({
  page,
  request,
  context,
}) => {
  const till = new TillPage(page);
  await till.open();
  await till.pair(await issuePairingCode(request), 'Caja sin red');
  await till.addAmount('7000');
  await till.saveWithEnter(pesos(7000));
  await till.openToday();
  await expect(till.shopTotal()).toContainText('en vivo');
  const live = await till.shopTotal().locator('.amount').textContent();
  await till.waitForOfflineReady();
  await context.setOffline(true);
  await page.reload();
  await till.openToday();
  await expect(till.shopTotal()).toContainText(live!);
  await expect(page.getByTestId('shop-total-at')).toContainText('Último dato a las');
  await context.setOffline(false);
});
