import { describe, expect, it } from 'vitest';
import { parseCashMoveInput, parseCloseInput, parseTillStatus } from '../src/index.js';

function issues(result: {
  ok: boolean;
  issues?: { code: string; field: string; message: string }[];
}) {
  if (result.ok) throw new Error('expected a refusal');
  return result.issues!;
}

describe('ledger request bodies', () => {
  it('name what was sent, never "a bill", in every message', () => {
    const refused = [
      ...issues(parseCashMoveInput([])),
      ...issues(parseCashMoveInput({ amount: 100, reason: 'float', kind: 'pay_in' })),
      ...issues(parseCloseInput('12')),
      ...issues(parseCloseInput({ countedCash: 0, extra: 1 })),
      ...issues(parseTillStatus({ highestNumber: 1, outbox: 0, colour: 'red' })),
    ];
    for (const issue of refused) expect(issue.message).not.toMatch(/\bbill\b/);
    expect(issues(parseCashMoveInput([]))[0]!.message).toMatch(/^the cash move must be/);
    expect(issues(parseCashMoveInput({ amount: 100, reason: 'x', kind: 'in' }))[0]).toMatchObject({
      code: 'unknown_field',
      field: 'kind',
      message: 'kind is not a field of a cash move in this contract; remove it',
    });
    expect(issues(parseCloseInput('12'))[0]!.message).toMatch(/^the day close must be/);
  });

  it('refuse a negative count of the drawer, and take zero', () => {
    expect(issues(parseCloseInput({ countedCash: -1 }))[0]).toMatchObject({
      code: 'out_of_range',
      field: 'countedCash',
    });
    expect(parseCloseInput({ countedCash: 0 })).toMatchObject({ ok: true });
    expect(parseCloseInput({ countedCash: 125_000, note: 'short by a coin' })).toMatchObject({
      ok: true,
      value: { countedCash: 125_000 },
    });
  });
});
