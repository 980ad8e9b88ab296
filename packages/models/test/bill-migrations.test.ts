import { describe, expect, it } from 'vitest';
import { BILL_MIGRATIONS, BILL_SCHEMA_VERSION, migrateBill, parseBill } from '../src/index.js';
import { contractExample, firstIssue } from './support/contract-example.js';

describe('schema versions and migrations', () => {
  it('reads a v0 bill: lines become items and version becomes 1', () => {
    const { id, tillId, createdAt, items, total } = contractExample;
    const v0 = { schemaVersion: 0, id, tillId, createdAt, lines: items, total };
    expect(parseBill(v0)).toEqual({
      ok: true,
      value: { ...contractExample, kind: 'sale', status: 'closed' },
    });
  });

  it('keeps a v0 version when present and leaves lines beside items to be rejected', () => {
    const v0 = { ...contractExample, version: 3, schemaVersion: 0, lines: [] };
    expect(migrateBill(v0)).toEqual({
      ok: true,
      value: { ...contractExample, version: 3, lines: [] },
    });
    expect(firstIssue(v0)).toMatchObject({ code: 'unknown_field', field: 'lines' });
  });

  it('accepts the current version and drops the marker', () => {
    expect(parseBill({ ...contractExample, schemaVersion: BILL_SCHEMA_VERSION })).toMatchObject({
      ok: true,
      value: contractExample,
    });
  });

  it.each([2, -1, 1.5, '1', null])('rejects schemaVersion %j', (schemaVersion) => {
    expect(firstIssue({ ...contractExample, schemaVersion })).toMatchObject({
      code: 'unsupported_schema',
      field: 'schemaVersion',
    });
  });

  it('tells a newer sender to update', () => {
    expect(firstIssue({ ...contractExample, schemaVersion: 2 }).message).toContain('newer');
  });

  it('has one step from every older version', () => {
    const froms = BILL_MIGRATIONS.map((migration) => migration.from).sort();
    expect(froms).toEqual(Array.from({ length: BILL_SCHEMA_VERSION }, (_, version) => version));
  });
});
