import { expect, test, type Browser } from '@playwright/test';
import { pesos, TillPage } from '../pages/till-page.js';
import { STORE_TIMEZONE } from '../support/env.js';
import { issuePairingCode } from '../support/relay-api.js';

async function openTill(browser: Browser, name: string, code: string) {
  const context = await browser.newContext();
  const till = new TillPage(await context.newPage());
  await till.open();
  await till.pair(code, name);
  return { context, till };
}

test('two tills sell at once and each sees the whole shop total live', async ({
  browser,
  request,
}) => {
  const one = await openTill(browser, 'Caja 1', await issuePairingCode(request));
  const two = await openTill(browser, 'Caja 2', await issuePairingCode(request));
  try {
    await one.till.openToday();
    await two.till.openToday();
    // Totals of earlier tests are in the shop total too: read the starting point first.
    await expect(one.till.shopTotal()).toContainText('Toda la tienda (en vivo)');
    const before = await one.till.shopTotal().locator('.amount').innerText();
    const start = Number(before.replace(/\D/g, ''));

    await one.till.openSell();
    await two.till.openSell();
    await Promise.all([
      (async () => {
        await one.till.addAmount('10000');
        await one.till.saveWithEnter(pesos(10000));
      })(),
      (async () => {
        await two.till.addAmount('2500');
        await two.till.addAmount('2500');
        await two.till.saveWithEnter(pesos(5000));
      })(),
    ]);

    await one.till.openToday();
    await two.till.openToday();
    await expect(one.till.tillTotal()).toContainText(pesos(10000));
    await expect(two.till.tillTotal()).toContainText(pesos(5000));
    // Both uploads reach the relay, which pushes the new summary to every till's stream.
    for (const { till } of [one, two]) {
      await expect(till.shopTotal().locator('.amount')).toHaveText(pesos(start + 15000));
    }

    // A day from the relay lists every till's bills, not only this till's.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: STORE_TIMEZONE }).format(new Date());
    await one.till.page.getByLabel('Ver otro día').fill(today);
    await one.till.page.getByRole('button', { name: 'Ver', exact: true }).click();
    await expect(one.till.page.getByRole('heading', { name: /Desde el relay/ })).toContainText(
      pesos(start + 15000),
    );
    expect((await one.till.billIds()).length).toBeGreaterThanOrEqual(2);
  } finally {
    await one.context.close();
    await two.context.close();
  }
});

test('one tab at a time acts as the till', async ({ context, request }) => {
  const first = new TillPage(await context.newPage());
  await first.open();
  await first.pair(await issuePairingCode(request), 'Caja pestañas');
  const second = new TillPage(await context.newPage());
  await second.open();
  await expect(
    second.page.getByRole('heading', { name: 'Caja está abierta en otra pestaña' }),
  ).toBeVisible();
  await second.page.getByRole('button', { name: 'Usar esta pestaña' }).click();
  await expect(second.total).toBeVisible();
  await expect(first.page.getByRole('heading', { name: 'Caja pasó a otra pestaña' })).toBeVisible();
});
