// Bill intake: checks what tills send, hands valid bills to the store and says what happened to
// each. Returns typed outcomes; only the HTTP edge turns them into status codes.
import {
  BILL_LIMITS,
  linesTotal,
  nestsDeeperThan,
  parseBill,
  parseBillId,
  type Bill,
  type ValidationIssue,
} from '@caja/models';
import type { AcceptedOutcome, BillStore, PutResult } from '../storage/index.js';

/** One bill's JSON may not pass this (500 lines of text fit well under it). */
export const MAX_BILL_BYTES = 256 * 1024;
/** Bills per batch: a till's offline backlog goes up in a few requests, and one request stays short. */
export const MAX_BATCH_BILLS = 500;
/** A batch body: room for many large bills; typical 500-bill batches are ~200 KB. */
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;

export type IntakeRejection =
  /** The path id breaks the id rule: it would reach keys and file contents. */
  | 'invalid_id'
  /** The body is not a JSON object (an array, a string, nothing): a client bug. */
  | 'not_an_object'
  /** Path and body name different bills: writing either could overwrite the wrong bill. */
  | 'id_mismatch'
  /** The bill breaks the contract; `issues` says where (a total that does not add up included). */
  | 'invalid_bill'
  /** One bill of a batch is larger than MAX_BILL_BYTES: same limit as a single upload. */
  | 'bill_too_large'
  /** A batch body is not `{bills: [...]}`. */
  | 'not_a_batch'
  /** More than MAX_BATCH_BILLS bills: split the backlog. */
  | 'batch_too_large'
  /**
   * A till token writing a bill of another till (by its tillId, or an existing bill that
   * belongs to another till): a till could otherwise void or lock its neighbours' sales.
   */
  | 'not_your_till';

export interface Receipt {
  id: string;
  version: number;
  shiftDate: string;
  lsn: number;
}

export type IntakeResult =
  | { kind: 'accepted'; outcome: AcceptedOutcome; receipt: Receipt }
  | { kind: 'conflict'; stored: Bill; message: string }
  | Rejected;

export interface Rejected {
  kind: 'rejected';
  code: IntakeRejection;
  message: string;
  field: string;
  issues?: ValidationIssue[];
}

export type BatchIntake = { kind: 'batch'; results: IntakeResult[] } | Rejected;

export interface IntakeObserver {
  (outcome: AcceptedOutcome | 'conflict' | 'rejected'): void;
}

/**
 * Who sends the bills: a paired till writes only its own till's bills; a script or admin
 * (RELAY_TOKEN, ADMIN_TOKEN) has no `tillId` and may write any till's.
 */
export interface Writer {
  tillId?: string;
}

const ANY_TILL: Writer = {};

export class BillIntakeService {
  constructor(
    private readonly store: BillStore,
    private readonly observe: IntakeObserver = () => {},
    /** The relay's clock: bills dated days ahead of it are refused. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** PUT /bills/{id}: the path id and the body must name the same bill. */
  async putOne(pathId: string, body: unknown, writer: Writer = ANY_TILL): Promise<IntakeResult> {
    const id = parseBillId(pathId);
    if (!id.ok) return this.rejected(reject('invalid_id', id.issues[0]?.message ?? '', 'id'));
    if (!isObject(body)) return this.rejected(notAnObject(body, 'The request body'));
    if (body.id !== undefined && body.id !== id.value) {
      return this.rejected(
        reject(
          'id_mismatch',
          `The bill's id (${preview(body.id)}) differs from the id in the URL (${id.value})`,
          'id',
        ),
      );
    }
    if (nestsDeeperThan(body, BILL_LIMITS.maxDepth)) return this.rejected(tooDeep('The bill'));
    const checked = this.checkBill(body, writer);
    if (checked.kind === 'rejected') return this.rejected(checked);
    const [result] = await this.store.putMany([checked.bill]);
    return this.record(toIntakeResult(result!));
  }

  /** POST /bills/batch: invalid bills get their own answer and do not hold back valid ones. */
  async putBatch(body: unknown, writer: Writer = ANY_TILL): Promise<BatchIntake> {
    if (!isObject(body) || !Array.isArray(body.bills)) {
      return reject(
        'not_a_batch',
        'The body must be a JSON object like {"bills": [ ... ]}',
        'bills',
      );
    }
    const inputs: unknown[] = body.bills;
    if (inputs.length > MAX_BATCH_BILLS) {
      return reject(
        'batch_too_large',
        `A batch holds at most ${MAX_BATCH_BILLS} bills; got ${inputs.length}. Send several batches.`,
        'bills',
      );
    }
    const results: (IntakeResult | undefined)[] = [];
    const valid: { index: number; bill: Bill }[] = [];
    inputs.forEach((input, index) => {
      const checked = checkBatchItem(input, index);
      const bill = checked.kind === 'rejected' ? checked : this.checkBill(checked.input, writer);
      if (bill.kind === 'rejected') results[index] = this.rejected(bill);
      else valid.push({ index, bill: bill.bill });
    });
    // One store call for the whole batch: one durable write (one fsync) for all of it.
    const stored = valid.length > 0 ? await this.store.putMany(valid.map((v) => v.bill)) : [];
    valid.forEach(({ index }, position) => {
      results[index] = this.record(toIntakeResult(stored[position]!));
    });
    return { kind: 'batch', results: results as IntakeResult[] };
  }

  /** A bill's content, then whether this writer may write it (new or existing). */
  private checkBill(input: Record<string, unknown>, writer: Writer): Checked {
    const checked = checkBill(input, this.now);
    if (checked.kind === 'rejected' || writer.tillId === undefined) return checked;
    const { bill } = checked;
    if (bill.tillId !== writer.tillId) {
      return reject(
        'not_your_till',
        `This till (${writer.tillId}) may only send its own bills; this bill's tillId is ` +
          `${bill.tillId}. Each till uploads the bills it made.`,
        'tillId',
      );
    }
    const owner = this.store.get(bill.id)?.bill.tillId;
    if (owner !== undefined && owner !== writer.tillId) {
      return reject(
        'not_your_till',
        `Bill ${bill.id} belongs to till ${owner}; this till (${writer.tillId}) cannot change it. ` +
          'Make a new bill with a new id instead.',
        'id',
      );
    }
    return checked;
  }

  private rejected(rejection: Rejected): Rejected {
    this.observe('rejected');
    return rejection;
  }

  private record(result: IntakeResult): IntakeResult {
    this.observe(result.kind === 'accepted' ? result.outcome : 'conflict');
    return result;
  }
}

type Checked = { kind: 'valid'; bill: Bill } | Rejected;

function checkBatchItem(
  input: unknown,
  index: number,
): { kind: 'object'; input: Record<string, unknown> } | Rejected {
  if (!isObject(input)) return notAnObject(input, `bills[${index}]`);
  // Before JSON.stringify below, which would overflow the stack on 100,000 nested lists.
  if (nestsDeeperThan(input, BILL_LIMITS.maxDepth)) return tooDeep(`bills[${index}]`);
  // Same per-bill limit as a single PUT, so batching is never a way around it.
  const bytes = Buffer.byteLength(JSON.stringify(input));
  if (bytes > MAX_BILL_BYTES) {
    return reject(
      'bill_too_large',
      `bills[${index}] is ${bytes} bytes; a bill may be at most ${MAX_BILL_BYTES} bytes`,
      `bills[${index}]`,
    );
  }
  return { kind: 'object', input };
}

function tooDeep(what: string): Rejected {
  return reject(
    'invalid_bill',
    `${what} nests deeper than the ${BILL_LIMITS.maxDepth} levels a bill may have; a bill is ` +
      'an object with a list of line objects',
    '',
  );
}

function checkBill(input: Record<string, unknown>, now: () => Date): Checked {
  const parsed = parseBill(input, { now });
  if (!parsed.ok) {
    const first = parsed.issues[0];
    return {
      kind: 'rejected',
      code: 'invalid_bill',
      message: first?.message ?? 'The bill is not valid',
      field: first?.field ?? '',
      issues: parsed.issues,
    };
  }
  // The relay trusts no till's arithmetic: parseBill checks the total, and this line keeps that
  // promise here even if the models' rules change.
  const bill = parsed.value;
  if (linesTotal(bill.items) !== bill.total) {
    const message = `total must equal the sum of price × quantity, ${linesTotal(bill.items)}; got ${bill.total}`;
    return {
      kind: 'rejected',
      code: 'invalid_bill',
      message,
      field: 'total',
      issues: [{ code: 'total_mismatch', field: 'total', message }],
    };
  }
  return { kind: 'valid', bill };
}

function toIntakeResult(result: PutResult): IntakeResult {
  if (!result.ok) {
    return {
      kind: 'conflict',
      stored: result.stored,
      message:
        `The relay holds version ${result.stored.version} of bill ${result.stored.id} with other ` +
        'content; send a version above it (the stored bill is in "stored")',
    };
  }
  const { outcome, id, version, shiftDate, lsn } = result;
  return { kind: 'accepted', outcome, receipt: { id, version, shiftDate, lsn } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notAnObject(value: unknown, what: string): Rejected {
  const got = value === undefined ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value;
  return reject('not_an_object', `${what} must be a JSON object (a bill); got ${got}`, '');
}

function reject(code: IntakeRejection, message: string, field: string): Rejected {
  return { kind: 'rejected', code, message, field };
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
