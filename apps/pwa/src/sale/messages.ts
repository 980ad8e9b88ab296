// What the cashier reads when the till refuses something: typed refusals → message keys.
import type { ValidationIssue } from '@caja/models';
import type { MessageKey, Params } from '../i18n/index.js';
import type { CheckoutRefusal } from './checkout.js';
import type { AmountProblem } from './entry.js';

export interface Message {
  key: MessageKey;
  params: Params;
}

const AMOUNT_PROBLEM: Record<AmountProblem, MessageKey> = {
  not_a_number: 'error.notANumber',
  too_many_decimals: 'error.tooManyDecimals',
  too_large: 'error.tooLarge',
  zero: 'error.zero',
};

export function amountMessage(problem: AmountProblem, entry: string, currency: string): Message {
  return { key: AMOUNT_PROBLEM[problem], params: { entry, currency } };
}

/** A bill operation of @caja/models refused: say why in the cashier's words. */
export function issueMessage(issue: ValidationIssue | undefined, entry: string): Message {
  if (issue?.code === 'too_many_items') return { key: 'error.tooManyLines', params: {} };
  if (issue?.field.endsWith('quantity')) return { key: 'error.quantityRange', params: {} };
  if (issue?.code === 'out_of_range' && issue.field === 'total') {
    return { key: 'error.tooLarge', params: { entry } };
  }
  if (issue?.code === 'not_allowed')
    return { key: 'error.notAllowed', params: { reason: issue.message } };
  return { key: 'error.generic', params: { reason: issue?.message ?? '' } };
}

export function checkoutMessage(
  refusal: CheckoutRefusal,
  context: { entry: string; currency: string; money: (amount: number) => string },
): Message {
  switch (refusal.reason) {
    case 'empty_bill':
      return { key: 'error.emptyBill', params: {} };
    case 'entry_not_added':
      return { key: 'error.entryNotAdded', params: {} };
    case 'bad_tendered':
      return amountMessage(refusal.problem, context.entry, context.currency);
    case 'tendered_too_low':
      return {
        key: 'error.tenderedTooLow',
        params: { tendered: context.money(refusal.tendered), total: context.money(refusal.total) },
      };
  }
}

/**
 * A bill's number as cashiers say it: its till's number ("27"); a bill from before numbers
 * existed shows the last 6 characters of its id instead.
 */
export function billNumber(bill: { id: string; number?: number }): string {
  return bill.number !== undefined ? String(bill.number) : shortId(bill.id);
}

/** The last 6 characters of a UUIDv7: random bits, so two bills of one second still differ. */
export function shortId(id: string): string {
  return id.replace(/-/g, '').slice(-6).toUpperCase();
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
}
