import { describe, expect, it } from 'vitest';
import { parseBillId } from '../src/index.js';
import { contractExample, issuesOf } from './support/contract-example.js';

describe('parseBillId', () => {
  it('accepts a UUIDv7 and the whole alphabet', () => {
    expect(parseBillId(contractExample.id)).toEqual({ ok: true, value: contractExample.id });
    expect(parseBillId('AZaz09_-')).toEqual({ ok: true, value: 'AZaz09_-' });
  });

  it.each([
    ['../etc/passwd', 'invalid_id', '"."'],
    ['a/b', 'invalid_id', '"/"'],
    ['a\\b', 'invalid_id', '"\\\\"'],
    ['a\u0000b', 'invalid_id', '"\\u0000"'],
    ['line\nbreak', 'invalid_id', '"\\n"'],
    ['café', 'invalid_id', '"é"'],
    ['', 'invalid_id', 'got ""'],
    ['x'.repeat(65), 'too_long', '65 characters'],
    ['x'.repeat(10_240), 'too_long', '10,240 characters'],
  ])('rejects %j', (id, code, shown) => {
    const [issue] = issuesOf(parseBillId(id));
    expect(issue).toMatchObject({ code, field: 'id' });
    expect(issue?.message).toContain(shown);
    expect(issue?.message.length).toBeLessThan(200);
  });

  it('rejects a non-string from untyped callers', () => {
    expect(issuesOf(parseBillId(7 as unknown as string))[0]?.code).toBe('wrong_type');
  });
});
