// The back office (/office) against the built relay: sign-in, every screen's accessibility and
// touch targets at phone and desktop size, a catalog change reaching a till live, a revoke, a
// day closed from the screen, and a report that matches the API.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { OfficePage, SCREENS } from '../pages/office-page.js';
import { TillPage } from '../pages/till-page.js';
import { ADMIN_TOKEN } from '../support/env.js';
import { issuePairingCode } from '../support/relay-api.js';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

test('the owner signs in with the owner password; a wrong one and a till token are refused', async ({
  page,
  request,
}) => {
  await page.goto('/office');
  await page.getByLabel('Contraseña del dueño').fill('not the password');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('alert')).toContainText('no es la contraseña');
  await expect(page.getByRole('navigation')).toHaveCount(0);

  const office = new OfficePage(page);
  await office.signIn();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Bogota' }).format(new Date());
  const shift = await request.get(`/api/v1/shifts/${today}`, { headers: admin });
  const { total } = (await shift.json()) as { total: number };
  // Same figure as the API's (the screen shows it as pesos: compare the digits).
  await expect
    .poll(async () => Number((await page.getByTestId('shop-total').innerText()).replace(/\D/g, '')))
    .toBe(total);

  // A till's token never opens admin endpoints, so never the back office.
  const code = await issuePairingCode(request);
  const paired = await request.post('/api/v1/pair', { data: { code, tillName: 'Probe' } });
  const { token } = (await paired.json()) as { token: string };
  const asTill = await request.get('/api/v1/admin/tills', {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(asTill.status()).toBe(403);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Owner password')).toBeVisible();
});

for (const [label, size] of [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const) {
  test(`every screen at ${label} size: no axe violations, controls ≥ 44 px and focusable`, async ({
    page,
  }, testInfo) => {
    // Seven screens, each checked by axe-core on a CPU shared with other work.
    test.setTimeout(300_000);
    await page.setViewportSize(size);
    const office = new OfficePage(page);
    await office.signIn();
    const shots = process.env.CAJA_SCREENSHOT_DIR ?? testInfo.outputPath('screens');
    mkdirSync(shots, { recursive: true });
    for (const [slug, name] of SCREENS) {
      await office.open(name);
      // Each screen loads its data after it appears: wait until the network is quiet.
      await page.waitForLoadState('networkidle');
      expect(await office.axeViolations(), `${name} at ${label}`).toEqual([]);
      expect(await office.controlProblems(), `${name} at ${label}`).toEqual([]);
      await page.screenshot({ path: join(shots, `office-${slug}-${label}.png`), fullPage: true });
    }
  });
}

test('a quick key changed in the back office reaches a paired till without a reload', async ({
  browser,
  page,
  request,
}) => {
  const tillContext = await browser.newContext();
  const till = new TillPage(await tillContext.newPage());
  await till.open();
  await till.pair(await issuePairingCode(request), 'Caja teclas');

  const office = new OfficePage(page);
  await office.signIn();
  await office.open('Quick keys');
  await page.getByRole('button', { name: 'Add a key' }).click();
  const key = page.getByRole('group').last();
  // A name of this run's own: the relay is shared, and a retry finds the first attempt's key.
  const name = `Buñuelo ${Date.now().toString(36).slice(-4)}`;
  await key.getByLabel('Name').fill(name);
  await key.getByLabel('Price').fill('2.200');
  await page.getByRole('button', { name: 'Save and send to the tills' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  // No reload on the till: the relay's event stream tells it to fetch the catalog.
  await expect(till.page.getByRole('button', { name: new RegExp(name) })).toBeVisible();

  // A bad price is refused with a message, and nothing is sent.
  await page.getByRole('button', { name: 'Add a key' }).click();
  const bad = page.getByRole('group').last();
  await bad.getByLabel('Name').fill('Roto');
  await bad.getByLabel('Price').fill('12,5,0');
  await page.getByRole('button', { name: 'Save and send to the tills' }).click();
  await expect(page.getByRole('alert')).toContainText('Key');
  const catalog = await request.get('/api/v1/catalog', { headers: admin });
  expect(
    ((await catalog.json()) as { items: { name: string }[] }).items.map((i) => i.name),
  ).not.toContain('Roto');
  await tillContext.close();
});

test('revoking a till from the Tills screen asks first, then its token stops working', async ({
  page,
  request,
}) => {
  const code = await issuePairingCode(request);
  const paired = await request.post('/api/v1/pair', { data: { code, tillName: 'Caja perdida' } });
  const { token, tillId } = (await paired.json()) as { token: string; tillId: string };

  const office = new OfficePage(page);
  await office.signIn();
  await office.open('Tills');
  const item = page.getByRole('listitem').filter({ has: page.getByLabel(`Till name (${tillId})`) });
  await item.getByRole('button', { name: 'Revoke this till' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Revoke Caja perdida?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Caja perdida is revoked.' }),
  ).toBeVisible();

  const refused = await request.get('/api/v1/catalog', {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('revoked_token');

  // Pairing a new till shows a code and its QR code.
  await page.getByRole('button', { name: 'Pair a new till' }).click();
  await expect(page.getByRole('img', { name: /QR code to pair a till/ })).toBeVisible();
  await expect(page.getByTestId('pairing-code')).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
});

test('the default name of typed amounts is set on the Settings screen, checked first', async ({
  page,
  request,
}) => {
  const office = new OfficePage(page);
  await office.signIn();
  await office.open('Settings');
  const field = page.getByLabel('Name of a typed amount on bills');
  await expect(field).toHaveAttribute('maxlength', '40');
  const before = await request.get('/api/v1/settings', { headers: admin });
  const named = ((await before.json()) as { typedAmountName: string }).typedAmountName;
  // A text-direction override would make receipts read differently from what they hold.
  await field.fill('Monto\u202elibre');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Name of a typed amount on bills: remove the control or text-direction characters and save again.',
  );
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  // Refused on the screen: the relay's setting is what it was.
  const unchanged = await request.get('/api/v1/settings', { headers: admin });
  expect(((await unchanged.json()) as { typedAmountName: string }).typedAmountName).toBe(named);

  await field.fill('Monto libre');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  const after = await request.get('/api/v1/settings', { headers: admin });
  expect(((await after.json()) as { typedAmountName?: string }).typedAmountName).toBe(
    'Monto libre',
  );
  // Spanish too.
  await page.getByRole('button', { name: 'Español' }).click();
  const spanish = page.getByLabel('Nombre de un monto digitado en la factura');
  await expect(spanish).toHaveValue('Monto libre');
  // Receipts always name a typed amount: an empty name is refused before anything is sent.
  await spanish.fill('');
  await page.getByRole('button', { name: 'Guardar ajustes' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Nombre de un monto digitado en la factura: escriba un nombre, por ejemplo Valor, y guarde de nuevo.',
  );
  await spanish.fill('Valor');
  await page.getByRole('button', { name: 'Guardar ajustes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ajustes guardados' })).toBeVisible();
});

test('Now shows bills and money on the tills, at the relay and in the cloud as the API does, and the recent alerts', async ({
  page,
  request,
}) => {
  // A till that reports two unsent bills and their total.
  const code = await issuePairingCode(request);
  const paired = await request.post('/api/v1/pair', { data: { code, tillName: 'Caja dinero' } });
  const { token, tillId } = (await paired.json()) as { token: string; tillId: string };
  const asTill = { authorization: `Bearer ${token}` };
  const status = await request.put('/api/v1/tills/me/status', {
    headers: asTill,
    data: { highestNumber: 1, outbox: 2, outboxTotal: 9500, appVersion: 'e2e' },
  });
  expect(status.status()).toBe(200);
  const sold = await request.put(`/api/v1/bills/${tillId}-1`, {
    headers: asTill,
    data: {
      id: `${tillId}-1`,
      tillId,
      version: 1,
      number: 1,
      createdAt: new Date().toISOString(),
      items: [{ id: 'CAFE', name: 'Café', price: 2500, quantity: 3 }],
      total: 7500,
    },
  });
  expect(sold.status()).toBe(201);

  // The sync's alerts as the relay would list them (a healthy relay has none to show).
  const at = new Date().toISOString();
  await page.route('**/api/v1/alerts?*', (route) =>
    route.fulfill({
      json: {
        alerts: [
          {
            at,
            code: 'dead_letter',
            message: 'DynamoDB refused bill b-9 for good.',
            billId: 'b-9',
          },
          { at, code: 'sync_retrying', message: 'DynamoDB sync is retrying: timeout' },
        ],
      },
    }),
  );

  const office = new OfficePage(page);
  await office.signIn();
  const figure = async (testId: string) => {
    const text = await page.getByTestId(testId).innerText();
    const [bills = '', money = ''] = text.split('\n');
    return { bills: Number(bills.replace(/\D/g, '')), total: Number(money.replace(/\D/g, '')) };
  };
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Bogota' }).format(new Date());
  // The screen refreshes every 5 s and the sync runs every second: poll until both agree.
  await expect
    .poll(
      async () => {
        const api = (await (
          await request.get(`/api/v1/admin/money-places?date=${today}`, { headers: admin })
        ).json()) as Record<string, { bills: number; total: number }>;
        return {
          relay: (await figure('place-relay')).total === api.atRelay!.total,
          relayBills: (await figure('place-relay')).bills === api.atRelay!.bills,
          cloud: (await figure('place-cloud')).total === api.inCloud!.total,
          waiting: (await figure('place-waiting')).total === api.allDaysNotInCloud!.total,
        };
      },
      { timeout: 30_000 },
    )
    .toEqual({ relay: true, relayBills: true, cloud: true, waiting: true });
  const tills = (await (await request.get('/api/v1/admin/tills', { headers: admin })).json()) as {
    tills: { revokedAt?: string; reported?: { outbox?: number; outboxTotal?: number } }[];
  };
  const live = tills.tills.filter((till) => !till.revokedAt);
  expect(await figure('place-tills')).toEqual({
    bills: live.reduce((sum, till) => sum + (till.reported?.outbox ?? 0), 0),
    total: live.reduce((sum, till) => sum + (till.reported?.outboxTotal ?? 0), 0),
  });
  expect((await figure('place-tills')).total).toBeGreaterThanOrEqual(9500);
  const shift = (await (
    await request.get(`/api/v1/shifts/${today}`, { headers: admin })
  ).json()) as { total: number };
  expect(Number((await page.getByTestId('shop-total').innerText()).replace(/\D/g, ''))).toBe(
    shift.total,
  );

  const alerts = page.getByTestId('alerts').getByRole('listitem');
  await expect(alerts).toHaveCount(2);
  await expect(alerts.first()).toContainText('The cloud refused a bill for good');
  await expect(alerts.first()).toContainText('b-9');
  await expect(alerts.last()).toContainText('Cloud sync is retrying');
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(alerts.last()).toContainText('La sincronización reintenta');
});
