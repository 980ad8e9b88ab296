// What the back office changes on the relay: till names, shop settings, quick key colours, and
// the live announcement that makes tills refetch without a reload.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MemoryCatalogRepository } from '../../../src/catalog/catalog-repository.js';
import { createCatalogRouter } from '../../../src/catalog/router.js';
import { createSettingsRouter, FileSettingsRepository } from '../../../src/settings/index.js';
import { loadConfig } from '../../../src/config.js';
import type { LiveUpdates } from '../../../src/services/live-updates.js';
import { openStream } from './event-stream.js';
import { ADMIN_TOKEN, startTestRelay, type TestRelay } from './test-relay.js';

let relay: TestRelay;
afterEach(() => relay.close());
const dir = mkdtempSync(join(tmpdir(), 'caja-back-office-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function officeRelay(dataDir = dir) {
  const config = loadConfig({ SHOP_NAME: 'Tienda', STORE_TIMEZONE: 'America/Bogota' }, dataDir);
  if (!config.ok) throw new Error(config.errors.join('; '));
  const holder: { live?: LiveUpdates } = {};
  relay = await startTestRelay({
    extraRouters: ({ requireToken, requireAdmin }) => [
      createCatalogRouter({
        catalog: new MemoryCatalogRepository(),
        requireToken,
        requireAdmin,
        onChange: () => holder.live?.announce('catalog'),
      }),
      createSettingsRouter({
        settings: config.config.shop,
        settingsStore: new FileSettingsRepository(dataDir, config.config.shop),
        requireToken,
        requireAdmin,
        onChange: () => holder.live?.announce('settings'),
      }),
    ],
  });
  holder.live = relay.relay.live;
  return relay;
}

const asAdmin = { token: ADMIN_TOKEN };

describe('renaming a till', () => {
  it('renames with the admin token, refuses a bad name or an unknown till, and keeps the token working', async () => {
    relay = await startTestRelay();
    const { code } = await relay.relay.pairing.issueCode();
    const paired = await relay.request('POST', '/api/v1/pair', { body: { code }, token: null });
    const { tillId } = paired.body as { tillId: string };

    const renamed = await relay.request('PATCH', `/api/v1/admin/tills/${tillId}`, {
      ...asAdmin,
      body: { name: '  Mostrador 2 ' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ tillId, name: 'Mostrador 2' });
    expect(relay.tills.find(tillId)?.name).toBe('Mostrador 2');

    for (const name of ['', '   ', 'x'.repeat(65), 'tab\there', 42]) {
      const bad = await relay.request('PATCH', `/api/v1/admin/tills/${tillId}`, {
        ...asAdmin,
        body: { name },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'invalid_till_name', field: 'name' });
    }
    expect(relay.tills.find(tillId)?.name).toBe('Mostrador 2');

    const unknown = await relay.request('PATCH', '/api/v1/admin/tills/till-nobody', {
      ...asAdmin,
      body: { name: 'Caja' },
    });
    expect(unknown.status).toBe(404);
    const asTill = await relay.request('PATCH', `/api/v1/admin/tills/${tillId}`, {
      token: paired.body.token as string,
      body: { name: 'Mine now' },
    });
    expect(asTill.status).toBe(403);
  });
});

describe('shop settings from the back office', () => {
  it('serves "Valor" as the typed amount name until the owner names it, then the new name', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'caja-typed-name-'));
    try {
      await officeRelay(fresh);
      expect((await relay.request('GET', '/api/v1/settings')).body).toMatchObject({
        typedAmountName: 'Valor',
      });
      const saved = await relay.request('PUT', '/api/v1/settings', {
        ...asAdmin,
        body: { typedAmountName: ' Otros ' },
      });
      expect(saved.status).toBe(200);
      expect((await relay.request('GET', '/api/v1/settings')).body).toMatchObject({
        typedAmountName: 'Otros',
      });
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('stores valid changes in DATA_DIR/settings.json over the environment, keeping the time zone', async () => {
    await officeRelay();
    const saved = await relay.request('PUT', '/api/v1/settings', {
      ...asAdmin,
      body: {
        shopName: 'La Esquina',
        receiptFooter: '¡Gracias por su compra!',
        currency: 'usd',
        locale: 'en-US',
        largeAmountThreshold: 100_000,
        typedAmountName: 'Varios',
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      shopName: 'La Esquina',
      currency: 'USD',
      timeZone: 'America/Bogota',
      typedAmountName: 'Varios',
    });
    const read = await relay.request('GET', '/api/v1/settings');
    expect(read.body).toEqual(saved.body);
    const file = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as object;
    expect(file).toMatchObject({ shopName: 'La Esquina', largeAmountThreshold: 100_000 });
  });

  it('keeps the settings of a file that also holds a field it does not know', async () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ shopName: 'Hand edited', oldField: true, timeZone: 'UTC' }),
    );
    await officeRelay();
    const read = await relay.request('GET', '/api/v1/settings');
    expect(read.body).toMatchObject({ shopName: 'Hand edited', timeZone: 'America/Bogota' });
    expect(read.body).not.toHaveProperty('oldField');
  });

  it('refuses a bad value with 422 naming the field, and changes nothing', async () => {
    await officeRelay();
    const before = (await relay.request('GET', '/api/v1/settings')).body as object;
    for (const [body, field] of [
      [{ currency: 'PESOS' }, 'currency'],
      [{ currency: 'XQZ' }, 'currency'],
      [{ locale: 'not a locale!' }, 'locale'],
      [{ largeAmountThreshold: 10.5 }, 'largeAmountThreshold'],
      [{ largeAmountThreshold: -1 }, 'largeAmountThreshold'],
      [{ shopName: 'x'.repeat(81) }, 'shopName'],
      [{ receiptFooter: 'line\u0007bell' }, 'receiptFooter'],
      [{ typedAmountName: 'Va\nlor' }, 'typedAmountName'],
      [{ typedAmountName: 'Va\u202Elor' }, 'typedAmountName'],
      [{ typedAmountName: '   ' }, 'typedAmountName'],
      [{ typedAmountName: 'x'.repeat(41) }, 'typedAmountName'],
      [{ typedAmountName: 7 }, 'typedAmountName'],
    ] as const) {
      const answer = await relay.request('PUT', '/api/v1/settings', { ...asAdmin, body });
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.body.error.field).toBe(field);
      expect(answer.body.error.message.length).toBeGreaterThan(10);
    }
    expect((await relay.request('GET', '/api/v1/settings')).body).toEqual(before);
    expect(
      (await relay.request('PUT', '/api/v1/settings', { body: { shopName: 'x' } })).status,
    ).toBe(403);
  });
});

describe('quick keys from the back office', () => {
  it('keeps a key colour, refuses anything but #rrggbb, and announces the change on the event stream', async () => {
    await officeRelay();
    const stream = await openStream(relay.url);
    await stream.waitFor((text) => text.includes('event: shift'));
    const items = [
      { id: 'tinto', name: 'Tinto', price: 1500, colour: '#A0522D' },
      { id: 'pan', name: 'Pan', price: 800 },
    ];
    const saved = await relay.request('PUT', '/api/v1/catalog', { ...asAdmin, body: { items } });
    expect(saved.status).toBe(200);
    expect(saved.body.items).toEqual([
      { id: 'tinto', name: 'Tinto', price: 1500, colour: '#a0522d' },
      { id: 'pan', name: 'Pan', price: 800 },
    ]);
    const text = await stream.waitFor((t) => t.includes('event: catalog'));
    expect(text).toContain('event: catalog\ndata: {}\n\n');

    const bad = await relay.request('PUT', '/api/v1/catalog', {
      ...asAdmin,
      body: { items: [{ id: 'x', name: 'X', price: 1, colour: 'red; background:url(x)' }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'item_colour_invalid', field: 'items[0].colour' });
    expect((await relay.request('GET', '/api/v1/catalog')).body.items).toHaveLength(2);
    await stream.close();
  });
});
