// Pairing (no bearer: the till has none yet) and the admin endpoints around it.
import { Router, type RequestHandler, type Response } from 'express';
import type { PairingRejection, PairingService } from '../../services/pairing-service.js';
import { errorBody, pathParam, sendError } from '../errors.js';
import { jsonBody } from '../json-body.js';
import { pairingLimit } from '../rate-limits.js';

const SMALL_BODY_BYTES = 4 * 1024;

const PAIRING_STATUS: Record<PairingRejection, number> = {
  invalid_request: 400,
  invalid_till_name: 400,
  invalid_pairing_code: 401,
};

/** POST /api/v1/pair {code, tillName?} → 201 {token, tillId}. Mounted before authenticate(). */
export function pairRouter(pairing: PairingService, attemptsPerMinute: number): Router {
  const router = Router();
  router.post(
    '/api/v1/pair',
    pairingLimit(attemptsPerMinute),
    ...jsonBody(SMALL_BODY_BYTES),
    async (req, res) => {
      const result = await pairing.pair(req.body);
      if (!result.ok) {
        return sendError(
          res,
          PAIRING_STATUS[result.reason],
          errorBody(result.reason, result.message, result.field),
        );
      }
      res.status(201).json({ token: result.token, tillId: result.tillId });
    },
  );
  return router;
}

/** Admin: issue a pairing code, list tills, revoke a till. Mounted after authenticate(). */
export function adminRouter(pairing: PairingService, requireAdmin: RequestHandler): Router {
  const router = Router();
  router.post('/api/v1/admin/pairing-codes', requireAdmin, async (_req, res) => {
    const { code, expiresAt } = await pairing.issueCode();
    res.status(201).json({ code, expiresAt: expiresAt.toISOString() });
  });
  // GET /api/v1/admin/tills is the ledger's (ledger-routes.ts): pairing plus numbers and reports.
  router.patch(
    '/api/v1/admin/tills/:tillId',
    requireAdmin,
    ...jsonBody(SMALL_BODY_BYTES),
    async (req, res) => {
      const tillId = pathParam(req.params, 'tillId');
      const result = await pairing.rename(tillId, req.body);
      if (result.ok) return res.json(result.till);
      if (result.reason === 'till_not_found') return tillNotFound(res, tillId);
      sendError(res, 400, errorBody(result.reason, result.message, result.field));
    },
  );
  router.delete('/api/v1/admin/tills/:tillId', requireAdmin, async (req, res) => {
    const tillId = pathParam(req.params, 'tillId');
    const till = await pairing.revoke(tillId);
    if (!till) return tillNotFound(res, tillId);
    res.json(till);
  });
  return router;
}

function tillNotFound(res: Response, tillId: string): void {
  const shown = JSON.stringify(tillId.slice(0, 64));
  sendError(res, 404, errorBody('till_not_found', `No paired till ${shown}`, 'tillId'));
}
