// HTTP edge of the catalog: GET /api/v1/catalog (any token) and PUT (admin). Body and storage
// errors answer in the API's shape.
import { Router, type RequestHandler, type Response } from 'express';
import { errorBody, sendError } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import { validateCatalog, type Catalog } from './catalog.js';
import { CatalogFileError, type CatalogRepository } from './catalog-repository.js';

/** A shop's whole catalog, a few thousand keys at most. */
export const MAX_CATALOG_BYTES = 1024 * 1024;

export interface CatalogRouterOptions {
  catalog: CatalogRepository;
  /** Told after the catalog changed, so tills can refresh live. */
  onChange?: () => void;
  /** Accepts any till or script token (401 otherwise). */
  requireToken: RequestHandler;
  /** Accepts only the admin token. */
  requireAdmin: RequestHandler;
  now?: () => Date;
  /** Where storage errors go (defaults to console.error). */
  onError?: (error: unknown) => void;
}

export function createCatalogRouter(options: CatalogRouterOptions): Router {
  const { catalog, requireToken, requireAdmin } = options;
  const changed = options.onChange ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const router = Router();

  router.get('/api/v1/catalog', requireToken, async (_req, res) => {
    let current: Catalog;
    try {
      current = await catalog.read();
    } catch (error) {
      return sendFailure(res, error, onError);
    }
    // Tills refetch at start-up and on reconnect; they keep their cached copy meanwhile.
    res.set('Cache-Control', 'no-store').json(current);
  });

  router.put('/api/v1/catalog', requireAdmin, ...jsonBody(MAX_CATALOG_BYTES), async (req, res) => {
    const validation = validateCatalog(req.body);
    if (!validation.ok) {
      const { code, message, field } = validation.error;
      return sendError(res, 422, errorBody(code, message, field));
    }
    const replacement = { ...validation.catalog, updatedAt: now().toISOString() };
    try {
      await catalog.replace(replacement);
    } catch (error) {
      return sendFailure(res, error, onError);
    }
    res.json(replacement);
    changed();
  });

  return router;
}

function sendFailure(res: Response, error: unknown, onError: (error: unknown) => void): void {
  onError(error);
  const body =
    error instanceof CatalogFileError
      ? errorBody(error.code, error.message)
      : errorBody(
          'catalog_storage_failed',
          'The catalog could not be read or written on the relay; nothing changed. Try again, and check the relay’s disk if it keeps failing.',
        );
  sendError(res, 500, body);
}
