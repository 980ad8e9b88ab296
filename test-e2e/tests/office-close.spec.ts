// Closing the day from the back office, against the built relay: bills sold on a till (and a card
// sale, a refund and a void written by a script), cash moves recorded on the Close screen, a blind
// count by denomination, the close, and every figure of the Z on the screen compared with
// GET /api/v1/days/{date}/z. Then a second close from another phone, a late bill, and the Z
// printed on an 80 mm roll and on A4.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { OfficePage } from '../pages/office-page.js';
import { pesos, TillPage } from '../pages/till-page.js';
import { ADMIN_TOKEN, RELAY_TOKEN, STORE_TIMEZONE } from '../support/env.js';
import { issuePairingCode } from '../support/relay-api.js';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const script = { authorization: `Bearer ${RELAY_TOKEN}` };

interface Z {
  zNumber: number;
  tills: Record<string, { billCount: number; total: number }>;
  byTender: { cash: number; card: number; other: number };
  refunds: { count: number; total: number };
  voids: { count: number; total: number };
  cashMoves: number;
  expectedCash: number;
  countedCash: number;
  difference: number;
  grandTotal: number;
  chainHead: string;
  note?: string;
  lateBills: string[];
}

interface DayBill {
  id: string;
  tillId: string;
  total: number;
  status?: string;
  payment?: { method: string };
}

/** An amount as the screen shows it ("-$ 20.000", "$ 0"), back to minor units (pesos). */
async function amount(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).innerText();
  return (/[-−]/.test(text) ? -1 : 1) * Number(text.replace(/\D/g, ''));
}

async function putBill(request: APIRequestContext, bill: Record<string, unknown>): Promise<void> {
  const answer = await request.put(`/api/v1/bills/${String(bill.id)}`, {
    headers: script,
    data: bill,
  });
  expect(answer.status(), JSON.stringify(await answer.json())).toBe(201);
}

async function dayBills(request: APIRequestContext, date: string): Promise<DayBill[]> {
  const answer = await request.get(`/api/v1/shifts/${date}`, { headers: script });
  return ((await answer.json()) as { bills: DayBill[] }).bills;
}

test('a day closed from the screen: cash moves, a blind count, a Z equal to the API, a second close, a late bill, print views', async ({
  browser,
  page,
  request,
}) => {
  // Two tills' worth of browser work, two office phones and two PDFs on a shared CPU.
  test.setTimeout(240_000);
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: STORE_TIMEZONE }).format(new Date());

  // Two bills sold on a till: cash with change, and cash exact.
  const tillContext = await browser.newContext();
  const till = new TillPage(await tillContext.newPage());
  await till.open();
  await till.pair(await issuePairingCode(request), 'Caja cierre');
  await till.addAmount('12000');
  await till.press(...'20000'.split(''), 'F2');
  await expect(till.lastBill).toContainText(`Cambio ${pesos(8000)}`);
  await till.addAmount('3500');
  await till.saveWithEnter(pesos(3500));

  // A second till, written by a script: a card sale, a cash sale refunded in cash, a void.
  const tillId = `cierre-${Date.now()}`;
  const at = new Date().toISOString();
  const line = (id: string, price: number) => [{ id, name: id, price, quantity: 1 }];
  const bill = (number: number, price: number, extra: Record<string, unknown>) => ({
    id: `${tillId}-${number}`,
    tillId,
    version: 1,
    number,
    createdAt: at,
    items: line('TORTA', price),
    total: price,
    ...extra,
  });
  await putBill(request, bill(1, 45000, { payment: { method: 'card', reference: '4242' } }));
  await putBill(
    request,
    bill(2, 8000, { payment: { method: 'cash', tendered: 10000, change: 2000 } }),
  );
  await putBill(
    request,
    bill(3, -8000, {
      kind: 'credit_note',
      refundOf: `${tillId}-2`,
      payment: { method: 'cash', tendered: 0, change: 8000 },
    }),
  );
  await putBill(
    request,
    bill(4, 5000, { status: 'void', payment: { method: 'cash', tendered: 5000, change: 0 } }),
  );
  // The till uploads right after each save: wait until the relay has both of its bills.
  await expect
    .poll(async () => (await dayBills(request, date)).filter((b) => b.total === 12000).length)
    .toBeGreaterThan(0);
  await expect
    .poll(async () => (await dayBills(request, date)).filter((b) => b.total === 3500).length)
    .toBeGreaterThan(0);

  const office = new OfficePage(page);
  await office.signIn();
  await office.open('Close the day');

  // Cash moves: an opening float and a pay-out.
  const record = async (kind: string, value: string, reason: string) => {
    await page.getByLabel('Kind').selectOption({ label: kind });
    await page.getByLabel('Amount', { exact: true }).fill(value);
    await page.getByLabel('Reason').fill(reason);
    await page.getByRole('button', { name: 'Record the move' }).click();
    await expect(page.getByRole('listitem').filter({ hasText: reason })).toBeVisible();
  };
  await record('Opening float', '100.000', 'Base de la mañana');
  await record('Pay-out', '20.000', 'Leche');
  await expect(page.getByRole('listitem').filter({ hasText: 'Leche' })).toContainText('20.000');

  // The X shows the expected cash; a blind count hides it, and the X with it.
  await expect(page.getByRole('article', { name: 'X report (the day so far)' })).toBeVisible();
  await expect(page.getByTestId('z-expected')).toBeVisible();
  await page.getByLabel('Blind count (hide what is expected)').check();
  await expect(page.getByTestId('blind-note')).toBeVisible();
  await expect(page.getByTestId('z-expected')).toHaveCount(0);
  await expect(page.getByTestId('z-cash')).toHaveCount(0);
  await expect(page.getByText(/^(Over|Short)$/)).toHaveCount(0);

  // Another owner's phone opens the same screen before the close.
  const otherContext = await browser.newContext();
  const other = new OfficePage(await otherContext.newPage());
  await other.signIn();
  await other.open('Close the day');

  // Count the drawer by denomination (COP).
  const counts: [number, number][] = [
    [100000, 1],
    [50000, 1],
    [20000, 2],
    [2000, 3],
    [500, 1],
  ];
  for (const [value, count] of counts) {
    await page.getByLabel(pesos(value), { exact: true }).fill(String(count));
  }
  const counted = counts.reduce((sum, [value, count]) => sum + value * count, 0);
  await expect(page.getByTestId('counted')).toHaveText(pesos(counted));
  await page.getByLabel('Note').fill('Cierre de prueba');

  // The expected cash, worked out here from the day's bills and moves as they are now.
  const bills = await dayBills(request, date);
  const cashBills = bills
    .filter((b) => b.status !== 'void' && b.payment?.method === 'cash')
    .reduce((sum, b) => sum + b.total, 0);
  const expected = cashBills + 100000 - 20000;

  await page.getByRole('button', { name: 'Close the day and print the Z' }).click();
  const zHeading = page.getByTestId('z-number');
  await expect(zHeading).toHaveText(/Z report no\. \d+/);
  const answer = await request.get(`/api/v1/days/${date}/z`, { headers: admin });
  expect(answer.status()).toBe(200);
  const z = (await answer.json()) as Z;

  // The arithmetic of the close.
  expect(z.countedCash).toBe(counted);
  expect(z.cashMoves).toBe(80000);
  expect(z.expectedCash).toBe(expected);
  expect(z.difference).toBe(counted - expected);
  expect(z.tills[tillId]).toEqual({ firstNumber: 1, lastNumber: 4, billCount: 4, total: 45000 });
  expect(z.byTender.card).toBeGreaterThanOrEqual(45000);
  expect(z.refunds.count).toBeGreaterThanOrEqual(1);
  expect(z.voids.count).toBeGreaterThanOrEqual(1);
  expect(z.note).toBe('Cierre de prueba');

  // Every figure on the screen is the API's.
  await expect(zHeading).toHaveText(`Z report no. ${z.zNumber}`);
  for (const [id, figures] of Object.entries(z.tills)) {
    const row = page.locator(`tr[data-till-id="${id}"]`);
    await expect(row.locator('[data-figure="total"]')).toHaveText(pesos(figures.total));
    await expect(row.locator('[data-figure="billCount"]')).toHaveText(
      figures.billCount === 1 ? '1 bill' : `${figures.billCount} bills`,
    );
  }
  await expect(page.locator(`tr[data-till-id="${tillId}"] th`)).toContainText(tillId);
  const figures: [string, number][] = [
    ['z-cash', z.byTender.cash],
    ['z-card', z.byTender.card],
    ['z-other', z.byTender.other],
    ['z-refunds-total', z.refunds.total],
    ['z-voids-total', z.voids.total],
    ['z-cash-moves', z.cashMoves],
    ['z-cash-bills', z.expectedCash - z.cashMoves],
    ['z-expected', z.expectedCash],
    ['z-counted', z.countedCash],
    ['z-difference', z.difference],
    ['z-grand-total', z.grandTotal],
  ];
  for (const [testId, value] of figures) expect(await amount(page, testId), testId).toBe(value);
  await expect(page.getByTestId('z-refunds-count')).toHaveText(String(z.refunds.count));
  await expect(page.getByTestId('z-voids-count')).toHaveText(String(z.voids.count));
  await expect(page.getByTestId('z-chain-head')).toHaveText(z.chainHead);
  expect(z.chainHead).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.getByRole('status').filter({ hasText: `Z no. ${z.zNumber}` })).toBeVisible();

  // The other phone closes too: it gets the existing Z, nothing is counted twice.
  await other.page.getByLabel(pesos(50000), { exact: true }).fill('3');
  await other.page.getByRole('button', { name: 'Close the day and print the Z' }).click();
  await expect(
    other.page
      .getByRole('status')
      .filter({ hasText: `This day was closed already: here is its Z no. ${z.zNumber}.` }),
  ).toBeVisible();
  await expect(other.page.getByTestId('z-number')).toHaveText(`Z report no. ${z.zNumber}`);
  expect(await amount(other.page, 'z-counted')).toBe(counted);
  const again = await request.post(`/api/v1/days/${date}/close`, {
    headers: admin,
    data: { countedCash: 1 },
  });
  expect(again.status()).toBe(409);
  expect(((await again.json()) as Z).zNumber).toBe(z.zNumber);
  await otherContext.close();

  // A bill sold after the close is stored and shown as late.
  await till.addAmount('7000');
  await till.saveWithEnter(pesos(7000));
  await expect
    .poll(
      async () =>
        ((await (await request.get(`/api/v1/days/${date}/z`, { headers: admin })).json()) as Z)
          .lateBills,
    )
    .toHaveLength(1);
  const late = (
    (await (await request.get(`/api/v1/days/${date}/z`, { headers: admin })).json()) as Z
  ).lateBills[0]!;
  await office.open('Now');
  await office.open('Close the day');
  await expect(page.getByTestId('late-bills')).toContainText('1 bill arrived after the close');
  await expect(page.getByTestId('late-bills')).toContainText(late);
  // The Z itself does not change: its figures were fixed at the close.
  expect(await amount(page, 'z-grand-total')).toBe(z.grandTotal);

  // The day's report agrees with the Z: its tills' totals, plus the late bill.
  const lateBill = (await dayBills(request, date)).find((b) => b.id === late)!;
  const zTotal = Object.values(z.tills).reduce((sum, t) => sum + t.total, 0);
  await office.open('Reports');
  await page.getByRole('button', { name: 'Today', exact: true }).click();
  await page.getByLabel('Broken down by').selectOption({ label: 'Till' });
  const report = await request.get(`/api/v1/reports?from=${date}&to=${date}&by=till`, {
    headers: admin,
  });
  const { totals } = (await report.json()) as { totals: { total: number; count: number } };
  expect(totals.total).toBe(zTotal + lateBill.total);
  await expect.poll(() => amount(page, 'report-total')).toBe(totals.total);
  await expect(page.getByTestId('report-count')).toHaveText(String(totals.count));
  await office.open('Close the day');
  await expect(page.getByTestId('z-number')).toHaveText(`Z report no. ${z.zNumber}`);

  // Printing: each button marks the page for its paper, and the sheet renders on it.
  await page.evaluate(() => {
    const marks: string[] = [];
    (window as unknown as { printed: string[] }).printed = marks;
    // The browser's print dialog would block the test; record what it would have printed.
    window.print = () => void marks.push(document.documentElement.className);
  });
  const sheet = page.getByRole('article', { name: `Z report no. ${z.zNumber}` });

  // The buttons are hidden on paper: click on screen, then look at the page as printed.
  await page.getByRole('button', { name: 'Print on 80 mm roll' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: string[] }).printed)).toEqual([
    'print-roll',
  ]);
  await page.emulateMedia({ media: 'print' });
  await expect(sheet).toBeVisible();
  await expect(page.getByRole('navigation')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print on A4' })).toBeHidden();
  // The 72 mm an 80 mm roll prints on (272 CSS pixels), padding included.
  const roll = await sheet.boundingBox();
  expect(roll?.width).toBeGreaterThanOrEqual(270);
  expect(roll?.width).toBeLessThanOrEqual(273);
  const rollPdf = await page.pdf({ width: '80mm', printBackground: true });
  expect(rollPdf.subarray(0, 5).toString()).toBe('%PDF-');
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  expect(await page.evaluate(() => document.documentElement.className)).toBe('');

  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: 'Print on A4' }).click();
  expect(await page.evaluate(() => document.documentElement.className)).toBe('print-a4');
  await page.emulateMedia({ media: 'print' });
  await expect(sheet).toBeVisible();
  expect((await sheet.boundingBox())?.width).toBeGreaterThan(400);
  const a4Pdf = await page.pdf({ format: 'A4', printBackground: true });
  // Pages: one per page of the Z, which grows with the tills of the day (the other browser tests
  // sell on this day too), never an empty page.
  const pages = a4Pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
  const zHeight = (await sheet.boundingBox())?.height ?? 0;
  expect(pages.length).toBeGreaterThanOrEqual(1);
  expect(pages.length).toBeLessThanOrEqual(Math.ceil(zHeight / 1000) + 1);
  await tillContext.close();
});
