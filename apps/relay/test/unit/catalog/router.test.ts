import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type RequestHandler } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CatalogFileError,
  MemoryCatalogRepository,
  type CatalogRepository,
} from '../../../src/catalog/catalog-repository.js';
import { createCatalogRouter } from '../../../src/catalog/router.js';
import { loadConfig } from '../../../src/config.js';
import { finalErrorHandler } from '../../../src/http/errors.js';
import { createSettingsRouter } from '../../../src/settings/router.js';
import type { SettingsRepository } from '../../../src/settings/settings-store.js';
import { memoryLogger } from '../../../src/logging/logger.js';

function shopSettings(env: Record<string, string>) {
  const result = loadConfig(env, '/srv/caja');
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config.shop;
}

// Stand-ins for the relay's auth middleware: a till token and an admin token.
const requireToken: RequestHandler = (req, res, next) => {
  const auth = req.get('authorization');
  if (auth === 'Bearer till' || auth === 'Bearer admin') return next();
  res.status(401).json({ error: { code: 'unauthorized', message: 'No token' } });
};
const requireAdmin: RequestHandler = (req, res, next) => {
  if (req.get('authorization') === 'Bearer admin') return next();
  res.status(403).json({ error: { code: 'forbidden', message: 'Admin only' } });
};

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function start(
  catalog: CatalogRepository = new MemoryCatalogRepository(),
  settingsStore?: SettingsRepository,
) {
  const errors: unknown[] = [];
  const app = express();
  app.use(
    createCatalogRouter({
      catalog,
      requireToken,
      requireAdmin,
      now: () => new Date('2026-11-27T15:00:00.000Z'),
      onError: (error) => errors.push(error),
    }),
    createSettingsRouter({
      settings: shopSettings({ SHOP_NAME: 'Tienda', STORE_TIMEZONE: 'America/Bogota' }),
      ...(settingsStore && { settingsStore }),
      requireToken,
      requireAdmin,
      onError: (error) => errors.push(error),
    }),
  );
  // As in the relay: body errors answer in the API's shape.
  app.use(finalErrorHandler(memoryLogger()));
  server = app.listen(0, '127.0.0.1');
  await new Promise((done) => server!.once('listening', done));
  const { port } = server.address() as AddressInfo;
  const call = (method: string, path: string, token?: string, body?: string) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body,
    });
  return { call, errors };
}

const catalogBody = JSON.stringify({ items: [{ id: 'SKU-1', name: 'Coffee', price: 2500 }] });

describe('catalog and settings routers', () => {
  it('serves the settings to any token holder, and nobody else', async () => {
    const { call } = await start();
    const response = await call('GET', '/api/v1/settings', 'till');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      shopName: 'Tienda',
      currency: 'COP',
      locale: 'es-CO',
      largeAmountThreshold: 500_000,
    });
    expect((await call('GET', '/api/v1/settings')).status).toBe(401);
  });

  it('lets the admin replace the catalog, which tills then read', async () => {
    const { call } = await start();
    const put = await call('PUT', '/api/v1/catalog', 'admin', catalogBody);
    expect(put.status).toBe(200);
    const expected = {
      items: [{ id: 'SKU-1', name: 'Coffee', price: 2500 }],
      updatedAt: '2026-11-27T15:00:00.000Z',
    };
    expect(await put.json()).toEqual(expected);
    const get = await call('GET', '/api/v1/catalog', 'till');
    expect(await get.json()).toEqual(expected);
  });

  it('refuses a replacement from a till token or without a token', async () => {
    const { call } = await start();
    expect((await call('PUT', '/api/v1/catalog', 'till', catalogBody)).status).toBe(403);
    expect((await call('GET', '/api/v1/catalog')).status).toBe(401);
    expect(await (await call('GET', '/api/v1/catalog', 'till')).json()).toEqual({ items: [] });
  });

  it('answers 422 with the field for an invalid catalog, and keeps the old one', async () => {
    const { call } = await start();
    await call('PUT', '/api/v1/catalog', 'admin', catalogBody);
    const bad = JSON.stringify({ items: [{ id: 'SKU-2', name: 'Tea', price: -5 }] });
    const response = await call('PUT', '/api/v1/catalog', 'admin', bad);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: { code: 'item_price_invalid', field: 'items[0].price' },
    });
    const kept = (await (await call('GET', '/api/v1/catalog', 'till')).json()) as {
      items: unknown[];
    };
    expect(kept.items).toHaveLength(1);
  });

  it('answers 400 in the API error shape for malformed JSON', async () => {
    const { call } = await start();
    const response = await call('PUT', '/api/v1/catalog', 'admin', '{"items": [');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'malformed_json' } });
  });

  it('answers 500 with a readable message when storage fails', async () => {
    const broken: CatalogRepository = {
      read: async () => {
        throw new CatalogFileError('catalog_file_unreadable', 'catalog.json is not valid JSON.');
      },
      replace: async () => {
        throw new Error('EIO');
      },
    };
    const { call, errors } = await start(broken);
    const read = await call('GET', '/api/v1/catalog', 'till');
    expect(read.status).toBe(500);
    expect(await read.json()).toEqual({
      error: {
        code: 'catalog_file_unreadable',
        message: 'catalog.json is not valid JSON.',
        field: '',
      },
    });
    const write = await call('PUT', '/api/v1/catalog', 'admin', catalogBody);
    expect(write.status).toBe(500);
    expect(await write.json()).toMatchObject({ error: { code: 'catalog_storage_failed' } });
    expect(errors).toHaveLength(2);
  });

  it('answers 413 naming the limit for a body too large, and keeps what was there', async () => {
    const { call } = await start();
    const huge = JSON.stringify({ shopName: 'x'.repeat(40_000) });
    const settings = await call('PUT', '/api/v1/settings', 'admin', huge);
    expect(settings.status).toBe(413);
    const body = (await settings.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('payload_too_large');
    expect(body.error.message).not.toMatch(/catalog/i);
    const read = (await (await call('GET', '/api/v1/settings', 'till')).json()) as {
      shopName: string;
    };
    expect(read.shopName).toBe('Tienda');
  });

  it('answers 500 with a readable message when the settings cannot be saved', async () => {
    const broken: SettingsRepository = {
      read: async () => {
        throw new Error('EIO');
      },
      update: async () => {
        throw new Error('EIO');
      },
    };
    const { call, errors } = await start(undefined, broken);
    const write = await call('PUT', '/api/v1/settings', 'admin', '{"shopName":"Otra"}');
    expect(write.status).toBe(500);
    expect(await write.json()).toMatchObject({
      error: { code: 'settings_storage_failed', message: expect.stringMatching(/nothing changed/) },
    });
    expect((await call('GET', '/api/v1/settings', 'till')).status).toBe(500);
    expect(errors).toHaveLength(2);
  });
});
