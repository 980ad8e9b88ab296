// The ledger's endpoints: a till's status report, the admin till list, cash moves, the day
// close (Z) and its reprint, exceptions and reports (JSON or CSV). Admin ones need ADMIN_TOKEN.
import {
  parseCashMoveInput,
  parseCloseInput,
  parseTillStatus,
  REPORT_DIMENSIONS,
  reportCsv,
  type ParseResult,
  type ReportBy,
} from '@caja/models';
import { Router, type RequestHandler, type Response } from 'express';
import type { LedgerService } from '../../ledger/ledger-service.js';
import { parseDayRange, dateProblem, type QueryResult } from '../../services/shift-queries.js';
import { principalOf } from '../auth.js';
import { errorBody, pathParam, sendError } from '../errors.js';
import { jsonBody } from '../json-body.js';

/** Ten years of reports in one request: 3,650 day aggregates merge in milliseconds. */
export const MAX_REPORT_RANGE_DAYS = 3_660;
/** Exceptions list bills one by one: a year at most. */
export const MAX_EXCEPTION_RANGE_DAYS = 366;
const MAX_LEDGER_BODY_BYTES = 16 * 1024;

function invalid<T>(
  res: Response,
  result: ParseResult<T>,
): result is { ok: false } & ParseResult<T> {
  if (result.ok) return false;
  const [first] = result.issues;
  sendError(res, 422, {
    ...errorBody(first?.code ?? 'invalid', first?.message ?? 'invalid input', first?.field ?? ''),
    issues: result.issues,
  });
  return true;
}

function rejected<T>(
  res: Response,
  result: QueryResult<T>,
): result is { ok: false } & QueryResult<T> {
  if (result.ok) return false;
  sendError(res, 400, errorBody(result.code, result.message, result.field));
  return true;
}

/** A day in the path that may be closed or get cash moves: real, and not after today. */
function dayOf(res: Response, raw: string, today: string): string | undefined {
  const problem = dateProblem(raw, 'date');
  if (problem && !problem.ok) {
    sendError(res, 400, errorBody(problem.code, problem.message, 'date'));
    return undefined;
  }
  if (raw > today) {
    sendError(
      res,
      422,
      errorBody(
        'date_in_future',
        `date ${raw} is after today (${today}) in the store's time zone`,
        'date',
      ),
    );
    return undefined;
  }
  return raw;
}

export function ledgerRouter(ledger: LedgerService, requireAdmin: RequestHandler): Router {
  const router = Router();
  const body = jsonBody(MAX_LEDGER_BODY_BYTES);

  router.put('/api/v1/tills/me/status', ...body, async (req, res) => {
    const principal = principalOf(res);
    if (principal?.kind !== 'till') {
      return sendError(
        res,
        403,
        errorBody('till_only', 'Only a paired till reports its own status: use the till token.'),
      );
    }
    const status = parseTillStatus(req.body);
    if (invalid(res, status)) return;
    res.json(await ledger.recordStatus(principal.tillId, status.value));
  });

  router.get('/api/v1/admin/tills', requireAdmin, (_req, res) => {
    res.json(ledger.tillsView());
  });

  router.post('/api/v1/days/:date/cash-moves', requireAdmin, ...body, async (req, res) => {
    const date = dayOf(res, pathParam(req.params, 'date'), ledger.today());
    if (!date) return;
    const input = parseCashMoveInput(req.body);
    if (invalid(res, input)) return;
    res.status(201).json(await ledger.addCashMove(date, input.value));
  });

  router.get('/api/v1/days/:date/cash-moves', requireAdmin, (req, res) => {
    const date = dayOf(res, pathParam(req.params, 'date'), ledger.today());
    if (!date) return;
    res.json({ moves: ledger.cashMoves(date) });
  });

  router.post('/api/v1/days/:date/close', requireAdmin, ...body, async (req, res) => {
    const date = dayOf(res, pathParam(req.params, 'date'), ledger.today());
    if (!date) return;
    const input = parseCloseInput(req.body);
    if (invalid(res, input)) return;
    const outcome = await ledger.close(date, input.value);
    if (outcome.closed) return void res.status(201).json(outcome.z);
    if (!outcome.z) {
      // A Z counted from part of the day would be wrong for good: better none.
      return void sendError(
        res,
        409,
        errorBody(
          'day_forgotten',
          `the bills of ${date} were cleaned up from this relay too long ago to count them again, ` +
            'so its Z cannot be made here; its bills are still in DynamoDB',
          'date',
        ),
      );
    }
    // The Z itself, as the first close answered, plus the error saying why nothing changed.
    res.locals.errorCode = 'day_closed';
    res.status(409).json({
      ...outcome.z,
      error: errorBody(
        'day_closed',
        `${date} was closed already by Z ${outcome.z.zNumber} at ${outcome.z.closedAt}; reprint it with GET /api/v1/days/${date}/z`,
        'date',
      ),
    });
  });

  router.get('/api/v1/days/:date/z', requireAdmin, (req, res) => {
    const raw = pathParam(req.params, 'date');
    const problem = dateProblem(raw, 'date');
    if (problem && !problem.ok)
      return sendError(res, 400, errorBody(problem.code, problem.message, 'date'));
    const z = ledger.zOf(raw);
    if (!z)
      return sendError(res, 404, errorBody('not_closed', `${raw} has not been closed`, 'date'));
    res.json(z);
  });

  router.get('/api/v1/exceptions', requireAdmin, (req, res) => {
    const range = parseDayRange(
      req.query.from,
      req.query.to,
      ledger.today(),
      MAX_EXCEPTION_RANGE_DAYS,
    );
    if (rejected(res, range)) return;
    res.json({ exceptions: ledger.exceptions(range.value.from, range.value.to) });
  });

  router.get('/api/v1/reports', requireAdmin, (req, res) => {
    const range = parseDayRange(
      req.query.from,
      req.query.to,
      ledger.today(),
      MAX_REPORT_RANGE_DAYS,
    );
    if (rejected(res, range)) return;
    const by = req.query.by ?? 'day';
    if (typeof by !== 'string' || !(REPORT_DIMENSIONS as readonly string[]).includes(by)) {
      return sendError(
        res,
        400,
        errorBody(
          'invalid_value',
          `by must be one of ${REPORT_DIMENSIONS.join(', ')}; got ${JSON.stringify(String(by).slice(0, 20))}`,
          'by',
        ),
      );
    }
    const report = ledger.report(range.value.from, range.value.to, by as ReportBy);
    res.vary('Accept');
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv; charset=utf-8');
      res.set(
        'Content-Disposition',
        `attachment; filename="report-${by}-${report.from}-${report.to}.csv"`,
      );
      return void res.send(reportCsv(report));
    }
    res.json(report);
  });

  return router;
}
