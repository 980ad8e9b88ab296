// Bearer-token middleware. authenticate() runs on every /api/v1 route except health and pair,
// and leaves the caller in res.locals.principal for the handlers after it.
import type { RequestHandler, Response } from 'express';
import type { AuthFailure, Authenticator, Principal } from '../auth/authenticator.js';
import type { Writer } from '../services/bill-intake.js';
import { errorBody, sendError } from './errors.js';

const MESSAGES: Record<AuthFailure, string> = {
  missing_token:
    'This endpoint needs an "Authorization: Bearer <token>" header. Pair the till first: ' +
    'POST /api/v1/pair with the code the relay prints.',
  unknown_token: 'This token is not known to the relay. Pair the till again.',
  revoked_token: "This till's token was revoked by an administrator. Pair the till again.",
};

export function authenticate(authenticator: Authenticator): RequestHandler {
  return (req, res, next) => {
    const result = authenticator.authenticate(req.get('authorization'));
    if (!result.ok) {
      res.set('WWW-Authenticate', 'Bearer');
      sendError(res, 401, errorBody(result.reason, MESSAGES[result.reason]));
      return;
    }
    res.locals.principal = result.principal;
    next();
  };
}

export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

/** Whose bills a caller may write: a till only its own; RELAY_TOKEN and ADMIN_TOKEN any. */
export function writerOf(principal: Principal | undefined): Writer {
  return principal?.kind === 'till' ? { tillId: principal.tillId } : {};
}

/** For routers mounted after authenticate(): passes any authenticated caller. */
export const requireToken: RequestHandler = (_req, res, next) => {
  if (principalOf(res)) return next();
  res.set('WWW-Authenticate', 'Bearer');
  sendError(res, 401, errorBody('missing_token', MESSAGES.missing_token));
};

/** Admin endpoints: only ADMIN_TOKEN; a till token gets 403, not 401, as it is a valid token. */
export function requireAdmin(authenticator: Authenticator): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res);
    if (!principal) {
      res.set('WWW-Authenticate', 'Bearer');
      sendError(res, 401, errorBody('missing_token', MESSAGES.missing_token));
      return;
    }
    if (principal.kind === 'admin') return next();
    const message = authenticator.adminConfigured()
      ? 'This endpoint needs the admin token (ADMIN_TOKEN); a till or script token cannot use it.'
      : 'Admin endpoints are off: set ADMIN_TOKEN in the relay environment to use them.';
    sendError(res, 403, errorBody('admin_only', message));
  };
}
