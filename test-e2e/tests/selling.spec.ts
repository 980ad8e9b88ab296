import { expect, test } from '@playwright/test';
import { pesos, TillPage } from '../pages/till-page.js';
import { getBill, issuePairingCode } from '../support/relay-api.js';

test.beforeEach(async ({ page, request }) => {
  const till = new TillPage(page);
  await till.open();
  await till.pair(await issuePairingCode(request), 'Caja teclado');
});

test('sells with the keyboard alone, and the relay has the bill', async ({ page, request }) => {
  const till = new TillPage(page);
  await till.addAmount('2500');
  await till.expectTotal(pesos(2500));
  await till.addAmount('12000');
  await till.expectTotal(pesos(14500));
  // "3 * 1800": three of the same amount on one line.
  await till.press('3', '*');
  await till.addAmount('1800');
  await till.expectTotal(pesos(19900));
  // Backspace on an empty entry takes back the last line.
  await till.press('Backspace');
  await till.expectTotal(pesos(14500));
  // Cash: type what the customer gave, F2 saves and shows the change.
  await till.press(...'20000'.split(''), 'F2');
  await expect(till.lastBill).toContainText(`Cambio ${pesos(5500)}`);
  await till.expectTotal(pesos(0));

  await till.addAmount('3000');
  await till.saveWithEnter(pesos(3000));

  await till.press('F7');
  const ids = await till.billIds();
  expect(ids).toHaveLength(2);
  // The page uploads right after each save; poll the relay until both are there.
  await expect
    .poll(async () =>
      (await Promise.all(ids.map((id) => getBill(request, id)))).map((b) => b?.bill.total),
    )
    .toEqual([3000, 14500]);
  const stored = await getBill(request, ids[1]!);
  expect(stored?.bill).toMatchObject({ version: 1, total: 14500 });
  await expect(till.whereOf(ids[0]!)).toHaveText(/En el relay|En la nube/);
});

test('asks before a large amount and explains bad input', async ({ page }) => {
  const till = new TillPage(page);
  await till.addAmount('600000');
  const dialog = page.getByRole('alertdialog', { name: 'Valor alto' });
  await expect(dialog).toContainText(pesos(600000));
  await till.press('Escape');
  await expect(dialog).toBeHidden();
  await till.expectTotal(pesos(0));

  await till.addAmount('0');
  await expect(till.alert).toContainText('mayor que cero');
  // The bad entry stays for correction; Esc clears it, and Enter on nothing cannot save.
  await till.press('Escape', 'Enter');
  await expect(till.alert).toContainText('vacía');

  await till.addAmount('750000');
  await till.press('Enter'); // confirms
  await till.expectTotal(pesos(750000));
});

test('shows the keys on F1 and prints the last bill on F9', async ({ page }) => {
  const till = new TillPage(page);
  await till.press('F1');
  const help = page.getByRole('dialog', { name: 'Teclas' });
  await expect(help).toContainText('F2');
  await till.press('Escape');
  await expect(help).toBeHidden();

  await till.addAmount('4500');
  await till.saveWithEnter(pesos(4500));
  // window.print() blocks in a real browser; record the call instead of opening a dialog.
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await till.press('F9');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed))
    .toBe(1);
  await page.emulateMedia({ media: 'print' });
  const receipt = page.getByRole('article');
  await expect(receipt).toContainText('Tienda La Esquina');
  await expect(receipt).toContainText('NIT 900.123.456-7');
  await expect(receipt).toContainText(pesos(4500));
  await expect(page.getByRole('button', { name: 'Vender' })).toBeHidden();
});

test('modifies, voids and refunds saved bills; the relay gets each new version', async ({
  page,
  request,
}) => {
  const till = new TillPage(page);
  await till.addAmount('1000');
  await till.saveWithEnter(pesos(1000));
  await till.addAmount('5000');
  await till.saveWithEnter(pesos(5000));
  await till.openToday();
  const [second, first] = await till.billIds();

  // Modify the first bill: it opens on the selling screen, a line is added, Enter saves v2.
  await till.openBill(first!);
  await page.getByRole('button', { name: 'Modificar' }).click();
  await expect(page.getByTestId('editing')).toContainText('versión 1');
  await till.addAmount('250');
  await till.expectTotal(pesos(1250));
  await till.press('Enter');
  await expect(page.getByTestId('editing')).toBeHidden();
  await expect
    .poll(async () => (await getBill(request, first!))?.bill)
    .toMatchObject({ version: 2, total: 1250 });

  // Void it: v3, listed, counting zero.
  await till.openToday();
  await till.openBill(first!);
  await page.getByRole('button', { name: 'Anular' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Anular la factura' }).click();
  await expect
    .poll(async () => (await getBill(request, first!))?.bill)
    .toMatchObject({ version: 3, status: 'void' });
  await expect(till.tillTotal()).toContainText(pesos(5000));

  // Refund the second: a credit note of its own, with the negative total.
  await till.openBill(second!);
  await page.getByRole('button', { name: 'Devolver' }).click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: 'Guardar la nota crédito' })
    .click();
  await expect(till.tillTotal()).toContainText(pesos(0));
  const ids = await till.billIds();
  expect(ids).toHaveLength(3);
  const note = ids.find((id) => id !== first && id !== second)!;
  await expect
    .poll(async () => (await getBill(request, note))?.bill)
    .toMatchObject({ kind: 'credit_note', total: -5000 });
});
