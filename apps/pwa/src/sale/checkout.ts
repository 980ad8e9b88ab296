// From the open bill and the cashier's payment key to the bill to save. Pure: the sale store
// calls it and turns a refusal into a message.
import {
  reviseBill,
  withPayment,
  type Bill,
  type BillResult,
  type MinorUnits,
  type MoneyFormat,
} from '@caja/models';
import type { PaymentMethod } from '../keyboard/keymap.js';
import { entryAmount, type AmountProblem } from './entry.js';

export type CheckoutRefusal =
  /** Nothing to sell. */
  | { reason: 'empty_bill' }
  /** The entry is not an amount (cash reads it as the amount tendered). */
  | { reason: 'bad_tendered'; problem: AmountProblem }
  /** Cash below the total: the sale is not paid. */
  | { reason: 'tendered_too_low'; tendered: MinorUnits; total: MinorUnits }
  /** An amount typed but not added before card/other: saving would silently drop it. */
  | { reason: 'entry_not_added' };

export type Checkout = { ok: true; result: BillResult } | { ok: false; refusal: CheckoutRefusal };

export interface CheckoutInput {
  draft: Bill;
  /** The saved bill being modified, or null for a new bill. */
  original: Bill | null;
  method: PaymentMethod;
  /** What is typed: for cash, the amount tendered (empty means exact). */
  entry: string;
  format: MoneyFormat;
  tillId: string;
  now: Date;
}

export function checkout(input: CheckoutInput): Checkout {
  const { draft, method, entry } = input;
  if (draft.items.length === 0) return { ok: false, refusal: { reason: 'empty_bill' } };
  let paid: BillResult;
  if (method === 'cash') {
    // A refund (negative total) pays out: nothing is tendered, the change is what goes back.
    let tendered = Math.max(0, draft.total);
    if (entry !== '') {
      const amount = entryAmount(entry, input.format);
      if (!amount.ok)
        return { ok: false, refusal: { reason: 'bad_tendered', problem: amount.problem } };
      tendered = amount.amount;
    }
    if (tendered < draft.total) {
      return { ok: false, refusal: { reason: 'tendered_too_low', tendered, total: draft.total } };
    }
    paid = withPayment(draft, { method, tendered });
  } else {
    if (entry !== '') return { ok: false, refusal: { reason: 'entry_not_added' } };
    paid = withPayment(draft, { method });
  }
  if (!paid.ok) return { ok: true, result: paid };
  if (input.original) {
    return {
      ok: true,
      result: reviseBill(input.original, {
        items: paid.value.items,
        payment: paid.value.payment ?? null,
      }),
    };
  }
  // A new bill belongs to the moment it is paid (its business day), made by this till.
  return {
    ok: true,
    result: {
      ok: true,
      value: { ...paid.value, tillId: input.tillId, createdAt: input.now.toISOString() },
    },
  };
}
