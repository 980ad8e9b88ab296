// The back office's sign-in: POST /api/v1/owner/session {password} → 201 {token, expiresAt}
// (mounted before authenticate(), limited per client address against guessing), and
// DELETE /api/v1/owner/session to sign out (after authenticate()).
import { Router, type RequestHandler } from 'express';
import { bearerToken } from '../../auth/authenticator.js';
import type { OwnerSessions, SignInRefusal } from '../../auth/owner-sessions.js';
import { errorBody, sendError } from '../errors.js';
import { jsonBody } from '../json-body.js';
import { pairingLimit } from '../rate-limits.js';

const SMALL_BODY_BYTES = 4 * 1024;

const REFUSALS: Record<SignInRefusal, { status: number; message: string }> = {
  owner_sign_in_off: {
    status: 403,
    message:
      'Owner sign-in is off: set OWNER_PASSWORD (or ADMIN_TOKEN) in the relay environment and restart it.',
  },
  wrong_owner_password: {
    status: 401,
    message: 'That is not the owner password. Check it and try again.',
  },
};

export function ownerSignInRouter(sessions: OwnerSessions, attemptsPerMinute: number): Router {
  const router = Router();
  router.post(
    '/api/v1/owner/session',
    pairingLimit(attemptsPerMinute, 'Too many sign-in attempts from this device; wait a minute'),
    ...jsonBody(SMALL_BODY_BYTES),
    (req, res) => {
      const body: unknown = req.body;
      const password =
        typeof body === 'object' && body !== null && 'password' in body ? body.password : undefined;
      if (typeof password !== 'string' || password.length === 0 || password.length > 512) {
        return sendError(
          res,
          400,
          errorBody(
            'invalid_request',
            'Send {"password": "…"} with the owner password.',
            'password',
          ),
        );
      }
      const result = sessions.signIn(password);
      if (!result.ok) {
        const refusal = REFUSALS[result.reason];
        return sendError(
          res,
          refusal.status,
          errorBody(result.reason, refusal.message, 'password'),
        );
      }
      res.status(201).json({ token: result.token, expiresAt: result.expiresAt.toISOString() });
    },
  );
  return router;
}

export function ownerSignOutRouter(sessions: OwnerSessions, requireAdmin: RequestHandler): Router {
  const router = Router();
  router.delete('/api/v1/owner/session', requireAdmin, (req, res) => {
    const token = bearerToken(req.get('authorization'));
    if (token !== undefined) sessions.signOut(token);
    res.status(204).end();
  });
  return router;
}
