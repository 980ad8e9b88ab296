// The OpenAPI document and the Express app describe the same API: every route the app has is
// documented, and every documented path is one the app answers (not "no such endpoint").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MemoryCatalogRepository } from '../../../src/catalog/catalog-repository.js';
import { createCatalogRouter } from '../../../src/catalog/router.js';
import { createSettingsRouter } from '../../../src/settings/router.js';
import { loadConfig } from '../../../src/config.js';
import { ROUTES } from '../../../src/http/openapi.js';
import { ADMIN_TOKEN, startTestRelay, type TestRelay } from './test-relay.js';

let relay: TestRelay;
afterEach(() => relay.close());
const dir = mkdtempSync(join(tmpdir(), 'caja-openapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The relay as serve.ts builds it: catalog and settings routes, and a CA certificate file. */
async function fullRelay() {
  const config = loadConfig({}, dir);
  if (!config.ok) throw new Error(config.errors.join('; '));
  const caCertFile = join(dir, 'ca.crt');
  writeFileSync(caCertFile, 'not checked here');
  return startTestRelay({
    caCertFile,
    extraRouters: ({ requireToken, requireAdmin }) => [
      createCatalogRouter({ catalog: new MemoryCatalogRepository(), requireToken, requireAdmin }),
      createSettingsRouter({ settings: config.config.shop, requireToken, requireAdmin }),
    ],
  });
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** "GET /api/v1/bills/{id}" for every route of the app (routers included), in OpenAPI form. */
function expressRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route && typeof layer.route.path === 'string') {
        const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
        for (const method of Object.keys(layer.route.methods)) {
          found.push(`${method.toUpperCase()} ${path}`);
        }
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document, served without a token', async () => {
    relay = await fullRelay();
    const answer = await relay.request('GET', '/api/v1/openapi.json', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    expect(Object.keys(answer.body.paths)).toContain('/api/v1/bills/{id}');
    // Schemas come from zod: the bill's rules are in the document.
    expect(answer.body.components.schemas.Bill.required).toEqual(
      expect.arrayContaining(['id', 'tillId', 'version', 'createdAt', 'items', 'total']),
    );
  });

  it('documents every route of the app', async () => {
    relay = await fullRelay();
    const documented = new Set(ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`));
    const routes = expressRoutes(relay.relay.app);
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('has no path the app does not answer', async () => {
    relay = await fullRelay();
    const unanswered = [];
    for (const route of ROUTES) {
      if (route.produces === 'text/event-stream') continue; // a stream never ends; listed above
      const path = route.path.replace(/\{\w+\}/g, 'x1').replace('/shifts/x1', '/shifts/2026-11-27');
      const answer = await relay.request(route.method.toUpperCase(), path, { token: ADMIN_TOKEN });
      if (answer.status === 404 && answer.body?.error?.code === 'not_found') unanswered.push(path);
      if (answer.status === 404 && answer.body === undefined) unanswered.push(path);
    }
    expect(unanswered).toEqual([]);
  });
});
