// HTTP edge of the catalog and settings: GET/PUT /api/v1/catalog, GET /api/v1/settings.
import express, { Router, type RequestHandler, type Response } from 'express';
import { validateCatalog } from './catalog.js';
import { CatalogFileError, type CatalogRepository } from './catalog-repository.js';
import type { ShopSettings } from '@caja/models';
import {
  MemorySettingsRepository,
  validateSettingsUpdate,
  type SettingsRepository,
} from '../settings/index.js';

export interface CatalogRouterOptions {
  catalog: CatalogRepository;
  /** The environment's settings: what GET /api/v1/settings answers until the owner edits them. */
  settings: ShopSettings;
  /** Where the owner's edits are kept (DATA_DIR/settings.json); memory when absent. */
  settingsStore?: SettingsRepository;
  /** Told after the catalog or the settings changed, so tills can refresh live. */
  onChange?: (what: 'catalog' | 'settings') => void;
  /** Accepts any till or script token (401 otherwise). */
  requireToken: RequestHandler;
  /** Accepts only the admin token. */
  requireAdmin: RequestHandler;
  now?: () => Date;
  /** Where unexpected errors go (defaults to console.error). */
  onError?: (error: unknown) => void;
}

export function createCatalogRouter(options: CatalogRouterOptions): Router {
  const { catalog, requireToken, requireAdmin } = options;
  const settings = options.settingsStore ?? new MemorySettingsRepository(options.settings);
  const changed = options.onChange ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const router = Router();

  router.get('/api/v1/catalog', requireToken, async (_req, res) => {
    try {
      // Tills refetch at start-up and on reconnect; they keep their cached copy meanwhile.
      res.set('Cache-Control', 'no-store').json(await catalog.read());
    } catch (error) {
      sendFailure(res, error, onError);
    }
  });

  router.put('/api/v1/catalog', requireAdmin, parseJsonBody, async (req, res) => {
    const validation = validateCatalog(req.body);
    if (!validation.ok) {
      res.status(422).json({ error: validation.error });
      return;
    }
    const replacement = { ...validation.catalog, updatedAt: now().toISOString() };
    try {
      await catalog.replace(replacement);
      res.json(replacement);
      changed('catalog');
    } catch (error) {
      sendFailure(res, error, onError);
    }
  });

  router.get('/api/v1/settings', requireToken, async (_req, res) => {
    try {
      res.set('Cache-Control', 'no-store').json(await settings.read());
    } catch (error) {
      sendFailure(res, error, onError);
    }
  });

  router.put('/api/v1/settings', requireAdmin, parseJsonBody, async (req, res) => {
    const validation = validateSettingsUpdate(req.body);
    if (!validation.ok) {
      res.status(422).json({ error: validation.error });
      return;
    }
    try {
      res.json(await settings.update(validation.settings));
      changed('settings');
    } catch (error) {
      sendFailure(res, error, onError);
    }
  });

  return router;
}

const jsonParser = express.json({ limit: '1mb' });

/** express.json, with its errors in the API's error shape instead of an HTML page. */
const parseJsonBody: RequestHandler = (req, res, next) => {
  jsonParser(req, res, (error?: unknown) => {
    if (!error) return next();
    const tooLarge = (error as { status?: number }).status === 413;
    res.status(tooLarge ? 413 : 400).json({
      error: tooLarge
        ? { code: 'too_large', message: 'The catalog is larger than 1 MB.' }
        : { code: 'malformed_json', message: 'The request body is not valid JSON.' },
    });
  });
};

function sendFailure(res: Response, error: unknown, onError: (error: unknown) => void): void {
  onError(error);
  const message =
    error instanceof CatalogFileError
      ? error.message
      : 'The catalog could not be read or written on the relay.';
  const code = error instanceof CatalogFileError ? error.code : 'catalog_storage_failed';
  res.status(500).json({ error: { code, message } });
}
