// A typed amount (no catalog item) is called what the shop calls it: "Valor" until the owner
// names it in the back office, then the new name on the next typed line, live, on the line, the
// receipt and the Today list.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { pesos, TillPage } from '../pages/till-page.js';
import { issuePairingCode } from '../support/relay-api.js';
import { ADMIN_TOKEN } from '../support/env.js';

async function nameTypedAmounts(request: APIRequestContext, typedAmountName: string) {
  const response = await request.put('/api/v1/settings', {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    data: { typedAmountName },
  });
  expect(response.status()).toBe(200);
}

// The relay is shared by every test of the run: start from the default and put it back.
test.beforeEach(async ({ request }) => nameTypedAmounts(request, 'Valor'));
test.afterEach(async ({ request }) => nameTypedAmounts(request, 'Valor'));

test('typed amounts carry the shop’s name for them, live after the owner changes it', async ({
  page,
  request,
}) => {
  const till = new TillPage(page);
  await till.open();
  await till.pair(await issuePairingCode(request), 'Caja nombres');
  const lines = page.locator('.lines .line .name');
  await till.addAmount('2500');
  await expect(lines).toHaveText(['Valor']);

  await nameTypedAmounts(request, 'Varios');
  // The relay announces the change on its event stream; the till refetches its settings.
  await expect(async () => {
    await till.addAmount('100');
    await expect(lines.last()).toHaveText('Varios', { timeout: 500 });
  }).toPass();
  await expect(lines.first()).toHaveText('Valor'); // a line keeps the name it was typed with
  const count = await lines.count();
  await till.addAmount('4000');
  await expect(lines).toHaveCount(count + 1);
  await expect(lines.last()).toHaveText('Varios');
  await till.press('Enter');
  await expect(till.lastBill).toContainText('Nº 1');

  await till.openToday();
  await till.press('1', 'Enter');
  // The selected bill's receipt preview.
  const selected = page.locator('aside.detail .paper');
  await expect(selected).toContainText('Varios');
  await expect(selected).toContainText(pesos(4000));
  await page.evaluate(() => {
    window.print = () => {};
  });
  await page.getByRole('button', { name: 'Imprimir', exact: true }).click();
  const receipt = page.locator('.print-area .receipt');
  await expect(receipt).toContainText('Varios');
  await expect(receipt).toContainText('Valor');
});
