// fast-check generators of valid wire bills, shared by the property tests.
import fc from 'fast-check';
import { BILL_LIMITS, type Bill, type LineItem, type Payment } from '../../src/index.js';

export const idArbitrary = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

/** Instants from 2000 to 2099 written with Z or a ±hh:mm offset, with 0 to 9 fraction digits. */
export const createdAtArbitrary = fc
  .record({
    ms: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }),
    offsetMinutes: fc.integer({ min: -12 * 60, max: 14 * 60 }),
    fractionDigits: fc.integer({ min: 0, max: 9 }),
    zulu: fc.boolean(),
  })
  .map(({ ms, offsetMinutes, fractionDigits, zulu }) => {
    const offset = zulu ? 0 : offsetMinutes;
    const local = new Date(ms + offset * 60_000).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
    const fraction = (local.slice(20, 23) + '000000').slice(0, fractionDigits);
    const sign = offset < 0 ? '-' : '+';
    const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
    const mm = String(Math.abs(offset) % 60).padStart(2, '0');
    const zone = zulu ? 'Z' : `${sign}${hh}:${mm}`;
    return `${local.slice(0, 19)}${fraction ? `.${fraction}` : ''}${zone}`;
  });

/** Lines whose sum stays inside a bill's bound (20 × 9,999 × 50,000 < BILL_LIMITS.maxAmount). */
export function linesArbitrary(kind: 'sale' | 'credit_note', maxLength = 20) {
  const price = fc.integer({ min: 0, max: 50_000 }).map((p) => (kind === 'sale' ? p : 0 - p));
  const line = fc.record(
    {
      id: idArbitrary,
      name: fc.string({ maxLength: 200 }),
      price,
      quantity: fc.integer({ min: 1, max: 9_999 }),
    },
    { requiredKeys: ['id', 'price', 'quantity'] },
  );
  return fc.array(line, { maxLength }).map((lines) => lines.map((l) => ({ ...l }) as LineItem));
}

export const billArbitrary: fc.Arbitrary<Bill> = fc
  .constantFrom<'sale' | 'credit_note'>('sale', 'credit_note')
  .chain((kind) =>
    fc.record({
      id: idArbitrary,
      tillId: idArbitrary,
      version: fc.integer({ min: 1, max: BILL_LIMITS.maxVersion }),
      createdAt: createdAtArbitrary,
      items: linesArbitrary(kind),
      kind: fc.constant(kind),
      status: fc.constantFrom<'closed' | 'void'>('closed', 'void'),
      paymentChoice: fc.constantFrom('none', 'cash', 'card', 'other'),
      extraTendered: fc.integer({ min: 0, max: 1_000_000 }),
      reference: fc.option(fc.string({ maxLength: 100 }), { nil: undefined }),
      number: fc.option(fc.integer({ min: 1, max: 999_999_999 }), { nil: undefined }),
      refundOf: fc.option(idArbitrary, { nil: undefined }),
    }),
  )
  .map(({ paymentChoice, extraTendered, reference, number, refundOf, ...rest }) => {
    const total = rest.items.reduce((sum, item) => sum + item.price * item.quantity, 0);
    const bill: Bill = { ...rest, total };
    if (number !== undefined) bill.number = number;
    // refundOf only on a credit note, and never naming the note itself.
    if (refundOf !== undefined && rest.kind === 'credit_note' && refundOf !== rest.id) {
      bill.refundOf = refundOf;
    }
    let payment: Payment | undefined;
    if (paymentChoice === 'cash') {
      payment = { method: 'cash', tendered: total + extraTendered, change: extraTendered };
    } else if (paymentChoice === 'card') {
      payment = reference === undefined ? { method: 'card' } : { method: 'card', reference };
    } else if (paymentChoice === 'other') {
      payment =
        reference === undefined ? { method: 'other' } : { method: 'other', note: reference };
    }
    if (payment) bill.payment = payment;
    return bill;
  });
