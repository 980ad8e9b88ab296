// Wire shapes of the ledger's requests (cash moves, close, a till's status report), parsed with
// the same rules and messages as a bill, so the relay and any client agree on them.
import * as z from 'zod';
import { fail, type ParseResult, type ValidationIssue } from '../result.js';
import { idBreach } from '../wire-rules.js';
import { translateZodIssue } from '../zod-issues.js';

/** Bounds the journal record and what a Z prints. */
export const LEDGER_LIMITS = { reasonMaxLength: 200, noteMaxLength: 500, appVersionMaxLength: 50 };

const money = z.int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const tillId = z.string().superRefine((value, context) => {
  const breach = idBreach(value);
  if (breach) context.addIssue({ code: 'custom', message: breach.reason, params: breach });
});

export const cashMoveInputSchema = z.strictObject({
  // Zero moves no money: almost always a slip of the keypad.
  amount: money.superRefine((amount, context) => {
    if (amount !== 0) return;
    const breach = { code: 'out_of_range', reason: `must not be zero; got 0` };
    context.addIssue({ code: 'custom', message: breach.reason, params: breach });
  }),
  reason: z.string().trim().min(1).max(LEDGER_LIMITS.reasonMaxLength),
  tillId: tillId.optional(),
});
export type CashMoveInput = z.output<typeof cashMoveInputSchema>;

export const closeInputSchema = z.strictObject({
  // What was counted in the drawer: never below zero (a short drawer shows in the difference).
  countedCash: money.min(0),
  note: z.string().max(LEDGER_LIMITS.noteMaxLength).optional(),
});
export type CloseInput = z.output<typeof closeInputSchema>;

export const tillStatusSchema = z.strictObject({
  highestNumber: z.int().min(0).max(999_999_999),
  outbox: z.int().min(0).max(1_000_000_000),
  /** Added later: the counted total of the unsent bills (minor units; absent from older tills). */
  outboxTotal: z.int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).optional(),
  storage: z
    .strictObject({
      persisted: z.boolean(),
      usage: z.number().min(0).optional(),
      quota: z.number().min(0).optional(),
    })
    .optional(),
  appVersion: z.string().max(LEDGER_LIMITS.appVersionMaxLength).optional(),
});
export type TillStatus = z.output<typeof tillStatusSchema>;

const RULES: Readonly<Record<string, string>> = {
  '': 'a JSON object',
  amount: 'a whole, non-zero number of minor units: positive puts cash in, negative takes it out',
  reason: `text of 1 to ${LEDGER_LIMITS.reasonMaxLength} characters saying why (opening float, pay-out for milk)`,
  tillId: '1 to 64 characters of A-Z a-z 0-9 _ -',
  countedCash: 'a whole number of minor units from 0: the cash counted in the drawer',
  note: `text of at most ${LEDGER_LIMITS.noteMaxLength} characters`,
  highestNumber: 'a whole number from 0 to 999,999,999: the last bill number the till gave',
  outbox: 'a whole number from 0: bills saved on the till and not yet uploaded',
  outboxTotal: 'a whole number of minor units: the total of the bills not yet uploaded',
  storage: 'an object with persisted (true or false), usage and quota in bytes',
  'storage.persisted': 'true or false',
  'storage.usage': 'a number of bytes',
  'storage.quota': 'a number of bytes',
  appVersion: `text of at most ${LEDGER_LIMITS.appVersionMaxLength} characters`,
};

function parseWith<T>(schema: z.ZodType<T>, noun: string, input: unknown): ParseResult<T> {
  if (input === undefined) return fail('required', '', 'The request needs a JSON body');
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues: ValidationIssue[] = [];
  for (const issue of parsed.error.issues)
    issues.push(...translateZodIssue(issue, input, RULES, noun));
  return { ok: false, issues };
}

export const parseCashMoveInput = (input: unknown) =>
  parseWith(cashMoveInputSchema, 'cash move', input);
export const parseCloseInput = (input: unknown) => parseWith(closeInputSchema, 'day close', input);
export const parseTillStatus = (input: unknown) =>
  parseWith(tillStatusSchema, 'till status report', input);
