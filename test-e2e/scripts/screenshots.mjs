// Takes the screenshots in docs/screenshots/ (Debian's Chromium) against the built relay with a
// demo catalog:  node test-e2e/scripts/screenshots.mjs
// Each screen at a landscape tablet (name.png, 1280×800), a portrait tablet (name-800x1280.png)
// and a phone (name-390x844.png, the whole page when it scrolls). The till's screens first, then the
// back office's (office-*.png) over the same day's bills.
// Build first: pnpm --filter @caja/pwa build && pnpm --filter @caja/relay build
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'docs/screenshots');
const ADMIN = 'screens-admin-token-0123456789';
const OWNER_PASSWORD = 'screens owner password';
const PORT = Number(process.env.SCREENSHOT_PORT ?? 18095);
const BASE = `http://localhost:${PORT}`;
const CATALOG = [
  { id: 'CAFE', name: 'Café tinto', price: 2500 },
  { id: 'PERICO', name: 'Café con leche', price: 3500 },
  { id: 'PANBONO', name: 'Pan de bono', price: 1800 },
  { id: 'EMPANADA', name: 'Empanada', price: 3000 },
  { id: 'AREPA', name: 'Arepa con queso', price: 4500 },
  { id: 'GASEOSA', name: 'Gaseosa 400 ml', price: 3500 },
  { id: 'AGUA', name: 'Agua 600 ml', price: 2000 },
  { id: 'JUGO', name: 'Jugo de mora', price: 5000 },
  { id: 'ALMUERZO', name: 'Almuerzo del día', price: 16000 },
  { id: 'BUNUELO', name: 'Buñuelo', price: 1500 },
];

function startRelay(dataDir) {
  const child = spawn(process.execPath, [join(root, 'apps/relay/dist/main.js')], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_TOKEN: ADMIN,
      OWNER_PASSWORD,
      STORE_TIMEZONE: 'America/Bogota',
      SHOP_NAME: 'Tienda La Esquina',
      SHOP_ADDRESS: 'Calle 10 # 5-20, Bogotá',
      SHOP_TAX_ID: 'NIT 900.123.456-7',
      // Sync to the embedded DynamoDB every second, so earlier bills show "in the cloud".
      TIME_TO_SYNC: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('listening on')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
  });
}

async function admin(method, path, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return response.json();
}

const dataDir = mkdtempSync(join(tmpdir(), 'caja-screens-'));
const relay = await startRelay(dataDir);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  await admin('PUT', '/api/v1/catalog', { items: CATALOG });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'es-CO',
    timezoneId: 'America/Bogota',
  });
  const page = await context.newPage();
  const SIZES = [
    { width: 800, height: 1280, suffix: '-800x1280' },
    { width: 390, height: 844, suffix: '-390x844' },
  ];
  /** `focus`: a part of the screen to scroll into view first (a dialog's, a detail pane's). */
  const shot = async (name, on = page, focus = undefined) => {
    await focus?.scrollIntoViewIfNeeded();
    await on.screenshot({ path: join(out, `${name}.png`) });
    for (const { width, height, suffix } of SIZES) {
      await on.setViewportSize({ width, height });
      // Layout settles on the next frames after a resize.
      await on.waitForTimeout(150);
      await focus?.scrollIntoViewIfNeeded();
      // A phone screen that scrolls is shown whole; one that fits, as the viewport.
      const scrolls = await on.evaluate(
        () => document.documentElement.scrollHeight > window.innerHeight + 1,
      );
      await on.screenshot({
        path: join(out, `${name}${suffix}.png`),
        fullPage: width < 600 && scrolls && !focus,
      });
    }
    await on.setViewportSize({ width: 1280, height: 800 });
    await on.waitForTimeout(150);
  };
  const press = async (...keys) => {
    for (const key of keys) await page.keyboard.press(key);
  };
  const type = (text) => press(...text.split(''));
  const total = page.getByRole('status', { name: 'Total', exact: true });

  await page.goto(BASE);
  await page
    .getByLabel('Código de vinculación')
    .fill((await admin('POST', '/api/v1/admin/pairing-codes')).code);
  await page.getByLabel('Nombre de la caja').fill('Caja 1');
  await page.getByLabel('Código de vinculación').focus();
  await shot('pairing');
  await page.getByRole('button', { name: 'Vincular' }).click();
  await total.waitFor();
  await page.getByRole('button', { name: /Café tinto/ }).waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await shot('selling-empty');
  const tillId = await page.evaluate(async () => {
    const open = indexedDB.open('caja-till');
    const db = await new Promise((resolve) => (open.onsuccess = () => resolve(open.result)));
    const get = db.transaction('kv').objectStore('kv').get('pairing');
    return new Promise((resolve) => (get.onsuccess = () => resolve(get.result.tillId)));
  });

  // A few earlier bills, so the Today view has something to show.
  const quick = (name) => page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await quick('Almuerzo del día');
  await quick('Jugo de mora');
  await press('F3');
  await quick('Café tinto');
  await quick('Pan de bono');
  await quick('Pan de bono');
  await press('Enter');
  await type('8500');
  await press('Enter', 'F4');
  await page.waitForTimeout(500);

  // Selling: quick keys, typed amounts, a quantity.
  await quick('Café con leche');
  await quick('Empanada');
  await quick('Empanada');
  await type('3');
  await press('*');
  await shot('quantity');
  await type('1800');
  await press('Enter');
  await type('12000');
  await press('Enter');
  await quick('Arepa con queso');
  await press('ArrowUp');
  await shot('selling');

  // A typo guard: a line at or above the shop's threshold asks first.
  await press('Escape');
  await type('950000');
  await press('Enter');
  const large = page.getByRole('alertdialog');
  await large.waitFor();
  await shot('large-amount', page, large);
  await large.getByRole('button', { name: 'No (Esc)' }).click();
  await large.waitFor({ state: 'hidden' });

  // Cash on an empty entry opens the payment step; only there is the change previewed.
  await press('Escape', 'F2');
  await type('50000');
  await page.getByTestId('change-preview').waitFor();
  await shot('payment');
  await press('Enter');
  await page.getByTestId('change-due').waitFor();
  await shot('saved-change');

  // The till asks the relay every 10 s which bills reached DynamoDB: let one round pass.
  await page.waitForTimeout(12_000);

  // Help overlay.
  await press('F1');
  await page.getByRole('dialog', { name: 'Teclas' }).waitFor();
  await shot('help');
  await press('Escape');

  // Offline: sell one, the status bar shows where things stand.
  await context.setOffline(true);
  await page.getByText('Sin conexión').waitFor();
  await quick('Buñuelo');
  await quick('Agua 600 ml');
  await press('Enter');
  await page.getByText('1 factura por enviar').waitFor();
  await quick('Gaseosa 400 ml');
  await shot('offline');
  await press('Backspace');

  // Today view, with one bill refunded, the offline one still on this till, one selected.
  await press('F7');
  await page.getByRole('heading', { name: 'Esta caja hoy' }).waitFor();
  await page.locator('tbody tr').nth(3).getByRole('button').click();
  await page.getByRole('button', { name: /^Devolver/ }).click();
  const refund = page.getByRole('alertdialog');
  await refund
    .getByRole('button', { name: /Uno menos/ })
    .first()
    .click();
  await shot('refund', page, refund);
  await refund.getByRole('button', { name: 'Guardar la nota crédito' }).click();
  await page.locator('tbody tr').nth(2).getByRole('button').click();
  // The "saved" toast fades after 4 s; the screenshot is of the view, not the toast.
  await page.getByRole('status').filter({ hasText: 'guardada' }).waitFor({ state: 'hidden' });
  await shot('today');
  await shot('receipt-preview', page, page.locator('aside.detail .paper'));

  // Receipt as printed (print media), 80 mm and 58 mm paper.
  await page.evaluate(() => {
    window.print = () => {};
  });
  await page.getByRole('button', { name: 'Imprimir', exact: true }).click();
  await page.emulateMedia({ media: 'print' });
  const receipt = page.locator('.print-area .receipt');
  await receipt.waitFor();
  await page.screenshot({
    path: join(out, 'receipt-print-80mm.png'),
    clip: await clipAround(receipt),
  });
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: '58 mm' }).click();
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({
    path: join(out, 'receipt-print-58mm.png'),
    clip: await clipAround(receipt),
  });
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: '80 mm' }).click();
  await context.setOffline(false);
  await page.emulateMedia({ media: 'screen' });

  await officeScreens(browser, shot);

  // Another day, from the relay: yesterday's bills of two other tills (this till's numbers are
  // today's: it must not get a second bill 1).
  const yesterday = await page.evaluate(() => {
    const day = new Date(Date.now() - 86_400_000);
    return day.toLocaleDateString('en-CA', { timeZone: 'America/Bogota' });
  });
  const past = [
    ['caja-3', 1, '10:02', [['CAFE', 'Café tinto', 2500, 2]]],
    ['caja-2', 1, '10:15', [['ALMUERZO', 'Almuerzo del día', 16000, 1]]],
    [
      'caja-3',
      2,
      '12:40',
      [
        ['EMPANADA', 'Empanada', 3000, 3],
        ['GASEOSA', 'Gaseosa 400 ml', 3500, 1],
      ],
    ],
    ['caja-2', 2, '17:55', [['JUGO', 'Jugo de mora', 5000, 2]]],
  ];
  for (const [till, number, time, lines] of past) {
    const items = lines.map(([id, name, price, quantity]) => ({ id, name, price, quantity }));
    await admin('PUT', `/api/v1/bills/ayer-${till}-${number}`, {
      id: `ayer-${till}-${number}`,
      tillId: till,
      version: 1,
      createdAt: `${yesterday}T${time}:00.000-05:00`,
      items,
      total: items.reduce((sum, item) => sum + item.price * item.quantity, 0),
      payment: { method: 'card' },
      number,
    });
  }
  await page.getByRole('button', { name: /^Hoy/ }).click();
  await page.getByLabel('Ver otro día').fill(yesterday);
  await page.getByRole('button', { name: 'Ver', exact: true }).click();
  await page.getByText(`Desde el relay: ${yesterday}`).waitFor();
  await shot('another-day');
  await page.getByRole('button', { name: 'Volver a hoy' }).click();

  // Revoked by the owner: the till keeps selling, and says it must be paired again.
  await page.getByRole('button', { name: 'Vender' }).click();
  await total.waitFor();
  await admin('DELETE', `/api/v1/admin/tills/${tillId}`);
  await quick('Café tinto');
  await press('Enter');
  await page.getByText('Caja revocada: vincúlela de nuevo').waitFor();
  await shot('revoked');
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await new Promise((done) => {
    relay.once('exit', done);
    relay.kill('SIGTERM');
  });
  rmSync(dataDir, { recursive: true, force: true });
}

/** The back office (/office) in Spanish, over the bills the till sold above. */
async function officeScreens(browser, shot) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'es-CO',
    timezoneId: 'America/Bogota',
  });
  const office = await context.newPage();
  const open = async (name) => {
    await office.getByRole('navigation').getByRole('link', { name, exact: true }).click();
    await office.getByRole('heading', { level: 2, name, exact: true }).waitFor();
    // Each screen loads its figures after it appears.
    await office.waitForLoadState('networkidle');
  };
  await office.goto(`${BASE}/office`);
  await office.getByLabel('Contraseña del dueño').fill(OWNER_PASSWORD);
  await shot('office-sign-in', office);
  await office.getByRole('button', { name: 'Entrar' }).click();
  await office.getByRole('navigation').waitFor();
  await office.waitForLoadState('networkidle');
  await shot('office-now', office);

  await open('Cierre del día');
  const move = async (kind, amount, reason) => {
    await office.getByLabel('Tipo').selectOption({ label: kind });
    await office.getByLabel('Monto', { exact: true }).fill(amount);
    await office.getByLabel('Motivo').fill(reason);
    await office.getByRole('button', { name: 'Registrar el movimiento' }).click();
    await office.getByRole('listitem').filter({ hasText: reason }).waitFor();
  };
  await move('Base inicial', '100.000', 'Base de la mañana');
  await move('Retiro', '15.000', 'Leche y pan');
  const peso = (value) =>
    new Intl.NumberFormat('es-CO', {
      style: 'currency',
      currency: 'COP',
      maximumFractionDigits: 0,
      minimumFractionDigits: 0,
    }).format(value);
  for (const [value, count] of [
    [100000, 1],
    [20000, 3],
    [10000, 1],
    [2000, 2],
    [1000, 3],
  ]) {
    await office.getByLabel(peso(value), { exact: true }).fill(String(count));
  }
  await office.getByLabel('Nota').fill('Faltan monedas de 200');
  await shot('office-close', office);
  await office.getByRole('button', { name: 'Cerrar el día e imprimir el Z' }).click();
  await office.getByTestId('z-number').waitFor();
  await shot('office-z', office);
  // The Z as printed on an 80 mm roll.
  await office.evaluate(() => {
    window.print = () => {};
  });
  await office.getByRole('button', { name: 'Imprimir en rollo de 80 mm' }).click();
  await office.emulateMedia({ media: 'print' });
  await office.screenshot({
    path: join(out, 'office-z-print-80mm.png'),
    clip: await clipAround(office.locator('.office-z')),
  });
  await office.emulateMedia({ media: 'screen' });
  await office.evaluate(() => window.dispatchEvent(new Event('afterprint')));

  await open('Informes');
  // Today's bills by hour: the day the till sold above.
  await office.getByRole('button', { name: 'Hoy', exact: true }).click();
  await office.getByLabel('Desglosado por').selectOption({ label: 'Hora' });
  await office.getByTestId('report-table').waitFor();
  await office.locator('.uplot').first().waitFor();
  await office.waitForLoadState('networkidle');
  await shot('office-reports', office);
  await open('Excepciones');
  await shot('office-exceptions', office);
  await open('Teclas rápidas');
  await shot('office-catalog', office);
  await open('Cajas');
  await office.getByRole('button', { name: 'Vincular una caja nueva' }).click();
  await office.getByTestId('pairing-code').waitFor();
  await shot('office-tills', office);
  await open('Ajustes');
  await shot('office-settings', office);
  await context.close();
}

async function clipAround(locator) {
  const box = await locator.boundingBox();
  return {
    x: 0,
    y: 0,
    width: Math.ceil(box.x + box.width + 8),
    height: Math.ceil(box.y + box.height + 8),
  };
}
