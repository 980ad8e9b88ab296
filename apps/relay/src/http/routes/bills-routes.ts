// /api/v1/bills: upload one bill, upload a batch, read one bill back with its sync state.
import { parseBillId } from '@caja/models';
import { Router, type RequestHandler, type Response } from 'express';
import {
  MAX_BATCH_BYTES,
  MAX_BILL_BYTES,
  type BatchIntake,
  type BillIntakeService,
  type IntakeRejection,
  type IntakeResult,
} from '../../services/bill-intake.js';
import type { LedgerService } from '../../ledger/ledger-service.js';
import type { Sync } from '../../sync/index.js';
import type { BillStore } from '../../storage/index.js';
import { principalOf, writerOf } from '../auth.js';
import { errorBody, pathParam, sendError } from '../errors.js';
import { jsonBody } from '../json-body.js';

const REJECTION_STATUS: Record<IntakeRejection, number> = {
  invalid_id: 400,
  not_an_object: 400,
  id_mismatch: 400,
  not_a_batch: 400,
  invalid_bill: 422,
  bill_too_large: 413,
  batch_too_large: 413,
  not_your_till: 403,
};

/** A result as status and body, the same for a single PUT and one entry of a batch. */
function httpAnswer(result: IntakeResult): { status: number; body: unknown } {
  switch (result.kind) {
    case 'accepted':
      return { status: result.outcome === 'created' ? 201 : 200, body: result.receipt };
    case 'conflict':
      return {
        status: 409,
        body: {
          error: errorBody('version_conflict', result.message, 'version'),
          stored: result.stored,
        },
      };
    case 'rejected': {
      const error = errorBody(result.code, result.message, result.field);
      if (result.issues) error.issues = result.issues;
      return { status: REJECTION_STATUS[result.code], body: { error } };
    }
  }
}

/**
 * A batch as status and body: 200 for the request as a whole; each bill has its own status
 * beside its answer's body: {status: 201, id, version, shiftDate, lsn} or {status: 422, error}.
 */
function batchAnswer(batch: BatchIntake): { status: number; body: unknown } {
  if (batch.kind === 'rejected') return httpAnswer(batch);
  return {
    status: 200,
    body: {
      results: batch.results.map((result) => {
        const { status, body } = httpAnswer(result);
        return { status, ...(body as object) };
      }),
    },
  };
}

export interface BillsRouterOptions {
  intake: BillIntakeService;
  store: BillStore;
  sync: Pick<Sync, 'billSyncState'>;
  /** Linked refunds of a sale (the ledger). */
  ledger: Pick<LedgerService, 'refundsOf'>;
}

/** `auth`: bearer auth and the per-token limit, run before a body is read. */
export function billsRouter(
  { intake, store, sync, ledger }: BillsRouterOptions,
  auth: RequestHandler[],
): Router {
  const router = Router();

  router.put('/api/v1/bills/:id', ...auth, ...jsonBody(MAX_BILL_BYTES), async (req, res) => {
    const id = pathParam(req.params, 'id');
    send(res, httpAnswer(await intake.putOne(id, req.body, writerOf(principalOf(res)))));
  });

  router.post('/api/v1/bills/batch', ...auth, ...jsonBody(MAX_BATCH_BYTES), async (req, res) => {
    send(res, batchAnswer(await intake.putBatch(req.body, writerOf(principalOf(res)))));
  });

  router.get('/api/v1/bills/:id', ...auth, (req, res) => {
    const id = parseBillId(pathParam(req.params, 'id'));
    if (!id.ok) {
      return sendError(res, 400, errorBody('invalid_id', id.issues[0]?.message ?? '', 'id'));
    }
    const stored = store.get(id.value);
    if (!stored) {
      return sendError(res, 404, errorBody('bill_not_found', `No bill with id ${id.value}`, 'id'));
    }
    const { bill, shiftDate, lsn } = stored;
    const refunds = bill.kind === 'sale' ? { refunds: ledger.refundsOf(bill.id) } : {};
    const state = sync.billSyncState(id.value);
    res.json({ bill, shiftDate, lsn, sync: { state }, ...refunds });
  });

  return router;
}

function send(res: Response, { status, body }: { status: number; body: unknown }): void {
  // The error code, for the 4xx log line.
  const code = (body as { error?: { code?: string } }).error?.code;
  if (code) res.locals.errorCode = code;
  res.status(status).json(body);
}
