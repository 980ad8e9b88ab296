// The contract's example bill and helpers for reading rejections, shared by validation tests.
import { parseBill, type ParseResult } from '../../src/index.js';

export const contractExample = {
  id: '01936f6e-8a2b-7c3d-9e4f-0a1b2c3d4e5f',
  tillId: 'till-1',
  version: 1,
  createdAt: '2026-11-27T15:04:05.123Z',
  items: [{ id: 'SKU-1', name: 'Coffee', price: 2500, quantity: 2 }],
  total: 5000,
};

export function issuesOf(result: ParseResult<unknown>) {
  if (result.ok) throw new Error('expected a rejection');
  return result.issues;
}

/** The first issue of a rejected bill. */
export function firstIssue(input: unknown) {
  const [issue] = issuesOf(parseBill(input));
  if (!issue) throw new Error('a rejection must name at least one issue');
  return issue;
}
