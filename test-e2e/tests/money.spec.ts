// Money-correct selling and refunds, by keyboard: refunds by line and quantity that stop at
// zero, explicit quantities, decimal separators in pesos, the change preview only in payment,
// voids, and the Today view's keys.
import { expect, test } from '@playwright/test';
import { pesos, TillPage } from '../pages/till-page.js';
import { getBill, issuePairingCode } from '../support/relay-api.js';

test.beforeEach(async ({ page, request }) => {
  const till = new TillPage(page);
  await till.open();
  await till.pair(await issuePairingCode(request), 'Caja dinero');
});

test('a refund goes by line and quantity, names the sale and stops at zero', async ({
  page,
  request,
}) => {
  const till = new TillPage(page);
  await till.press('3', '*');
  await till.addAmount('1000');
  await till.addAmount('500');
  await till.saveWithEnter(pesos(3500));
  // F7, the bill's number, Enter, D: the refund dialog of the sale.
  await till.press('F7');
  await expect(page.getByRole('heading', { name: 'Esta caja hoy' })).toBeVisible();
  const [saleId] = await till.billIds();
  await till.press('1', 'Enter');
  await expect(page.getByRole('button', { name: /^Devolver/ })).toBeEnabled();
  await till.press('d');
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(pesos(3500));
  // Give back 2 of the 3 × 1.000 only.
  await dialog
    .getByRole('button', { name: /Uno menos/ })
    .first()
    .click();
  await dialog
    .getByRole('button', { name: /Uno menos/ })
    .nth(1)
    .click();
  await expect(dialog).toContainText(pesos(2000));
  await dialog.getByRole('button', { name: 'Guardar la nota crédito' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Nota crédito' })).toContainText(
    pesos(2000),
  );
  const noteId = (await till.billIds())[0]!;
  await expect
    .poll(async () => (await getBill(request, noteId))?.bill)
    .toMatchObject({ kind: 'credit_note', total: -2000, refundOf: saleId, number: 2 });

  // The sale shows its refund and what is left; the rest can go, then nothing more.
  await till.openBill(saleId!);
  await expect(page.getByTestId('refunds')).toContainText(`Falta por devolver: ${pesos(1500)}`);
  await page.getByRole('button', { name: /^Devolver/ }).click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: 'Guardar la nota crédito' })
    .click();
  await till.openBill(saleId!);
  await expect(page.getByTestId('refunds')).toContainText('Devuelta por completo');
  await expect(page.getByRole('button', { name: /^Devolver/ })).toBeDisabled();
  await till.press('d');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
});

test('a refused quantity clears, and "5 ×" is shown apart from the price', async ({ page }) => {
  const till = new TillPage(page);
  await till.press('1', '2', '0', '0', '0', '*');
  await expect(till.alert).toContainText('Cantidad 12000 rechazada');
  await expect(till.entry).toHaveText('');
  await till.addAmount('1800');
  await till.expectTotal(pesos(1800));
  await till.press('5', '*');
  await expect(page.getByTestId('multiplier')).toHaveText('5 ×');
  await till.addAmount('100');
  await till.expectTotal(pesos(2300));
});

test('pesos refuse a decimal separator until the entry is corrected', async ({ page }) => {
  const till = new TillPage(page);
  await till.press('1', '2', ',', '5', 'Enter');
  await expect(till.alert).toContainText('no llevan decimales');
  await till.expectTotal(pesos(0));
  await till.press('1', '.', '5', 'Enter');
  await till.expectTotal(pesos(0));
  // Backspace takes the separator back; the message goes with it.
  await till.press('Backspace');
  await expect(till.alert).toHaveCount(0);
  await till.press('Escape');
  await till.addAmount('15');
  await till.expectTotal(pesos(15));
});

test('the change preview shows in payment only, never while typing a price', async ({ page }) => {
  const till = new TillPage(page);
  await till.addAmount('18600');
  await till.press('5', '0', '0', '0', '0');
  await expect(page.getByTestId('change-preview')).toHaveCount(0);
  await till.press('Escape', 'F2');
  await till.press('5', '0', '0', '0', '0');
  await expect(page.getByTestId('change-preview')).toContainText(pesos(31400));
  await till.press('Enter');
  await expect(till.lastBill).toContainText(`Cambio ${pesos(31400)}`);
  // A large amount's dialog never has a change preview behind it.
  await till.press('6', '0', '0', '0', '0', '0', 'Enter');
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await expect(page.getByTestId('change-preview')).toHaveCount(0);
  await till.press('Escape');
});

test('a void says so, keeps a readable row, and prints ANULADA without change lines', async ({
  page,
}) => {
  const till = new TillPage(page);
  await till.addAmount('4000');
  await till.saveWithEnter(pesos(4000));
  await till.press('F7');
  await expect(page.getByRole('heading', { name: 'Esta caja hoy' })).toBeVisible();
  await till.press('1', 'Enter');
  await expect(page.getByRole('button', { name: /^Anular/ })).toBeEnabled();
  await till.press('a');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Anular la factura' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'anulada' })).toContainText(
    'Caja dinero · Nº 1 anulada',
  );
  const receipt = page.getByRole('complementary').getByRole('article');
  await expect(receipt).toContainText('ANULADA');
  await expect(receipt).not.toContainText('Cambio');
  await expect(receipt).not.toContainText('Recibido');
  const color = await page
    .locator('tr.void td')
    .first()
    .evaluate((cell) => getComputedStyle(cell).color);
  expect(color).toBe('rgb(79, 89, 99)');
});

test('Modificar by key: F7, number, Enter, M reopens the bill', async ({ page }) => {
  const till = new TillPage(page);
  for (const amount of ['1000', '2000', '3000']) {
    await till.addAmount(amount);
    await till.saveWithEnter(pesos(Number(amount)));
  }
  await till.press('F7');
  await expect(page.getByRole('heading', { name: 'Esta caja hoy' })).toBeVisible();
  await till.press('2', 'Enter');
  await expect(page.getByRole('button', { name: /^Modificar/ })).toBeEnabled();
  await till.press('m');
  await expect(page.getByTestId('editing')).toContainText('Caja dinero · Nº 2');
  await till.expectTotal(pesos(2000));
});
