// HTTP edge of the shop's settings: GET /api/v1/settings (any token) and PUT (admin), the
// owner's edits kept by a SettingsRepository. Body and storage errors answer in the API's shape.
import type { ShopSettings } from '@caja/models';
import { Router, type RequestHandler } from 'express';
import { errorBody, sendError } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import {
  MemorySettingsRepository,
  validateSettingsUpdate,
  type SettingsRepository,
} from './settings-store.js';

/** Settings are a few short fields; anything near this is not a settings update. */
export const MAX_SETTINGS_BYTES = 16 * 1024;

export interface SettingsRouterOptions {
  /** The environment's settings: what GET answers until the owner edits them. */
  settings: ShopSettings;
  /** Where the owner's edits are kept (DATA_DIR/settings.json); memory when absent. */
  settingsStore?: SettingsRepository;
  /** Told after the settings changed, so tills can refresh live. */
  onChange?: () => void;
  /** Accepts any till or script token (401 otherwise). */
  requireToken: RequestHandler;
  /** Accepts only the admin token. */
  requireAdmin: RequestHandler;
  /** Where storage errors go (defaults to console.error). */
  onError?: (error: unknown) => void;
}

export function createSettingsRouter(options: SettingsRouterOptions): Router {
  const { requireToken, requireAdmin } = options;
  const settings = options.settingsStore ?? new MemorySettingsRepository(options.settings);
  const changed = options.onChange ?? (() => undefined);
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const router = Router();

  router.get('/api/v1/settings', requireToken, async (_req, res) => {
    try {
      res.set('Cache-Control', 'no-store').json(await settings.read());
    } catch (error) {
      onError(error);
      sendError(
        res,
        500,
        errorBody('settings_storage_failed', 'The shop settings could not be read on the relay.'),
      );
    }
  });

  router.put(
    '/api/v1/settings',
    requireAdmin,
    ...jsonBody(MAX_SETTINGS_BYTES),
    async (req, res) => {
      const validation = validateSettingsUpdate(req.body);
      if (!validation.ok) {
        const { code, message, field } = validation.error;
        return sendError(res, 422, errorBody(code, message, field));
      }
      let saved: ShopSettings;
      try {
        saved = await settings.update(validation.settings);
      } catch (error) {
        onError(error);
        return sendError(
          res,
          500,
          errorBody(
            'settings_storage_failed',
            'The settings could not be saved on the relay; nothing changed. Try again, and check the relay’s disk if it keeps failing.',
          ),
        );
      }
      res.json(saved);
      changed();
    },
  );

  return router;
}
