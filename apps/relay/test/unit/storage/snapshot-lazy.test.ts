// Start-up keeps bills lazily: from daily_shifts.json (each bill's line and id found, the bill
// parsed only when read) and from the journal (each put's bill bytes kept, not its parsed bill).
// Whatever the bills, the state must be the one a full parse gives: the same days, shifts, totals
// per till, credit notes per sale, and the same after later changes. And the files read ahead in
// a worker thread (read-ahead-files.ts) give the state reading them at recovery gives.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { canonicalJson, type Bill } from '@caja/models';
import { describe, expect, it } from 'vitest';
import { LedgerBook } from '../../../src/ledger/ledger-book.js';
import { BillState } from '../../../src/storage/bill-state.js';
import { nodeStorageFs, type StorageFs } from '../../../src/storage/fs-port.js';
import { readJournal } from '../../../src/storage/journal-reader.js';
import { parsePayload } from '../../../src/storage/journal-record.js';
import { JOURNAL_DIR } from '../../../src/storage/journal-segments.js';
import { ReadAheadInbox } from '../../../src/storage/read-ahead.js';
import { readAhead } from '../../../src/storage/read-ahead-files.js';
import { recoverState } from '../../../src/storage/recovery.js';
import { applySnapshot } from '../../../src/storage/replay.js';
import { LazyEntry } from '../../../src/storage/state-entry.js';
import { snapshotDigests } from '../../../src/storage/snapshot-file.js';
import { parseSnapshot, parseSnapshotLazily } from '../../../src/storage/snapshot-parse.js';
import { billOnDay, crashImage, openTestStore, recordingLogger, tempDir } from './helpers.js';

const ZONE = 'America/Bogota';
const DAYS = ['2026-11-25', '2026-11-26', '2026-11-27'];
const TILLS = ['till-1', '__proto__', 'constructor'];

const billInput = fc.record({
  day: fc.integer({ min: 0, max: DAYS.length - 1 }),
  till: fc.integer({ min: 0, max: TILLS.length - 1 }),
  price: fc.integer({ min: 1, max: 90_000 }),
  void: fc.boolean(),
  /** Index of an earlier bill this one refunds (a credit note), if any. */
  refunds: fc.option(fc.nat(), { nil: undefined }),
  name: fc.constantFrom('Café', 'Té ñandú', 'a "quoted" ], name', 'x'),
});
type BillInput = typeof billInput extends fc.Arbitrary<infer T> ? T : never;

const scenario = fc.record({
  bills: fc.array(billInput, { minLength: 1, maxLength: 30 }),
  /** New versions after the first batch: [bill index, day, price, void]. */
  changes: fc.array(
    fc.tuple(
      fc.nat(),
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 1, max: 90_000 }),
      fc.boolean(),
    ),
    { maxLength: 6 },
  ),
  /** One more change, applied to both loaded states afterwards. */
  later: fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 9_000 })),
});

function toBill(input: BillInput, n: number): Bill {
  const credit = input.refunds !== undefined && n > 0;
  return billOnDay(n, DAYS[input.day]!, {
    tillId: TILLS[input.till]!,
    items: [{ id: 'SKU-1', name: input.name, price: input.price, quantity: 1 }],
    total: input.price,
    status: input.void ? 'void' : 'closed',
    ...(credit ? { kind: 'credit_note', refundOf: `bill-${input.refunds! % n}` } : {}),
  });
}

function moved(bill: Bill, day: number, price: number, voided: boolean): Bill {
  return {
    ...bill,
    version: bill.version + 1,
    createdAt: `${DAYS[day]}T18:00:${bill.createdAt.slice(17)}`,
    items: [{ id: 'SKU-1', name: 'changed', price, quantity: 1 }],
    total: price,
    status: voided ? 'void' : 'closed',
  };
}

/** Everything a reader of the state sees, in a form toEqual compares. */
function observe(state: BillState, saleIds: readonly string[]) {
  const book = state.book!;
  return {
    lsn: state.lsn,
    billCount: state.billCount,
    days: state.view().map((day) => ({
      date: day.date,
      total: day.total,
      byTill: { ...day.byTill },
      bills: day.entries.map((entry) => ({ bill: entry.bill, lsn: entry.lsn })),
      shift: state.shift(day.date),
    })),
    refunds: saleIds.map((id) => [id, [...book.creditNotesOf(id)].sort()]),
    refundedSales: [...book.refundedSales()].sort(),
  };
}

function load(bytes: Buffer, lazily: boolean): BillState {
  const state = new BillState(new LedgerBook(ZONE));
  const snapshot = lazily ? parseSnapshotLazily(bytes) : parseSnapshot(bytes);
  expect('lazy' in snapshot).toBe(lazily);
  applySnapshot(state, snapshot);
  return state;
}

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** A store in `dir` holding the scenario's bills, then its changes; still open. */
async function writeScenario(dir: string, { bills: inputs, changes }: Scenario) {
  const bills = inputs.map(toBill);
  const store = await openTestStore(dir);
  await store.putMany(bills);
  for (const [index, day, price, voided] of changes) {
    const current = store.get(bills[index % bills.length]!.id)!.bill;
    await store.putMany([moved(current, day, price, voided)]);
  }
  return { store, ids: bills.map((bill) => bill.id) };
}

/**
 * The scenario's later change, a new version of one bill, applied to `tested` and `oracle`:
 * it must take its old version out of the right totals in both.
 */
function expectSameAfterLater(
  tested: BillState,
  oracle: BillState,
  ids: readonly string[],
  [index, day, price]: Scenario['later'],
) {
  const next = moved(oracle.get(ids[index % ids.length]!)!.bill, day, price, false);
  for (const state of [tested, oracle]) {
    state.applyPut({ bill: next, shiftDate: DAYS[day]!, lsn: state.lsn + 1 });
  }
  expect(observe(tested, ids)).toEqual(observe(oracle, ids));
}

describe('the lazy snapshot load', () => {
  it('gives the state the full parse gives, before and after later changes', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (drawn) => {
        const dir = tempDir('caja-lazy-');
        const { store, ids } = await writeScenario(dir, drawn);
        await store.close(); // writes daily_shifts.json
        const bytes = readFileSync(join(dir, 'daily_shifts.json'));

        const lazy = load(bytes, true);
        const full = load(bytes, false);
        expect(observe(lazy, ids)).toEqual(observe(full, ids));
        expectSameAfterLater(lazy, full, ids, drawn.later);
      }),
      { numRuns: 40 },
    );
  });

  it('reads a snapshot written before the book kept its refunds by parsing it whole', async () => {
    const dir = tempDir('caja-lazy-old-');
    const store = await openTestStore(dir);
    const sale = billOnDay(1, '2026-11-27');
    const note = billOnDay(2, '2026-11-27', { kind: 'credit_note', refundOf: sale.id });
    await store.putMany([sale, note]);
    await store.close();
    const path = join(dir, 'daily_shifts.json');
    const written = readFileSync(path, 'utf8');
    expect(written).toContain(`"refunds":[["${sale.id}",["${note.id}"]]]`);
    // As an earlier relay wrote it: no "refunds" in the ledger, checksum made anew.
    const older = resign(written.replace(/,"refunds":\[[^\]]*\]\]\]/, ''));
    expect(older).not.toContain('"refunds"');
    writeFileSync(path, older);
    expect('lazy' in parseSnapshotLazily(readFileSync(path))).toBe(false);

    const reopened = await openTestStore(dir);
    expect([...reopened.book.creditNotesOf(sale.id)]).toEqual([note.id]);
    expect(reopened.shift('2026-11-27').billCount).toBe(2);
    await reopened.close();
  });

  it('refuses a file whose bills were changed, checksum first', async () => {
    const dir = tempDir('caja-lazy-bad-');
    const store = await openTestStore(dir);
    await store.putMany([billOnDay(1, '2026-11-27'), billOnDay(2, '2026-11-27')]);
    await store.close();
    const text = readFileSync(join(dir, 'daily_shifts.json'), 'utf8');
    const tampered = text.replace('"id":"bill-2"', '"id":"bill-9"');
    expect(() => parseSnapshotLazily(Buffer.from(tampered))).toThrow(/checksum mismatch/);
    // The same id twice, checksum made to match: the lazy reader catches it as the full one does.
    const twice = resign(text.replace('"id":"bill-2"', '"id":"bill-1"'));
    expect(() => parseSnapshotLazily(Buffer.from(twice))).toThrow(/bill-1 appears twice/);
    expect(() => parseSnapshot(Buffer.from(twice))).toThrow(/bill-1 appears twice/);
  });
});

describe('the journal replay', () => {
  /** The oracle: every record parsed and its bill applied as a plain object. */
  async function replayEagerly(dataDir: string): Promise<BillState> {
    const state = new BillState(new LedgerBook(ZONE));
    await readJournal(nodeStorageFs, join(dataDir, JOURNAL_DIR), {
      repair: false,
      logger: recordingLogger(),
      visit: (lsn, bytes, start, end) => {
        const record = parsePayload(bytes.toString('utf8', start, end));
        if (record.op !== 'put') throw new Error(`unexpected ${record.op} record`);
        state.applyPut({ bill: record.bill, shiftDate: record.shiftDate, lsn }, record.receivedAt);
      },
    });
    return state;
  }

  it('keeps bills as bytes and gives the state parsed records give, before and after changes', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (drawn) => {
        const dir = tempDir('caja-lazy-journal-');
        const { store, ids } = await writeScenario(dir, drawn);
        // A power cut: the journal alone, no daily_shifts.json.
        const image = crashImage(dir);
        await store.close();
        const { state: lazy, base } = await recoverState({
          fs: nodeStorageFs,
          dataDir: image,
          storeId: 'test-store',
          timeZone: ZONE,
          backupDirs: [],
          now: () => new Date(),
          logger: recordingLogger(),
        });
        expect(base.kind).toBe('journal');
        const entries = lazy.view().flatMap((day) => day.entries);
        expect(entries.length).toBe(ids.length);
        expect(entries.every((entry) => entry instanceof LazyEntry)).toBe(true);
        for (const entry of entries) expect(entry.json).toBe(canonicalJson(entry.bill));

        const eager = await replayEagerly(image);
        expect(observe(lazy, ids)).toEqual(observe(eager, ids));
        expectSameAfterLater(lazy, eager, ids, drawn.later);
      }),
      { numRuns: 30 },
    );
  });
});

describe('the start-up read ahead', () => {
  /** What the worker thread would send, read in this thread by the same code. */
  async function readAheadOf(dataDir: string): Promise<ReadAheadInbox> {
    const inbox = new ReadAheadInbox(dataDir);
    await readAhead(dataDir, (message) => inbox.receive(message));
    return inbox;
  }

  /** Recovery of `dataDir` through a file system that counts the files it reads whole. */
  async function recover(dataDir: string, ahead?: ReadAheadInbox) {
    const read: string[] = [];
    const fs: StorageFs = {
      ...nodeStorageFs,
      readFile: async (path) => {
        const bytes = await nodeStorageFs.readFile(path);
        read.push(path);
        return bytes;
      },
    };
    const recovered = await recoverState({
      fs,
      dataDir,
      storeId: 'store-1',
      timeZone: ZONE,
      backupDirs: [],
      now: () => new Date(),
      logger: recordingLogger(),
      readAhead: ahead,
    });
    return { ...recovered, read };
  }

  it('gives the state reading at recovery gives, after a crash and after a stop', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (drawn) => {
        const dir = tempDir('caja-ahead-');
        const { store, ids } = await writeScenario(dir, drawn);
        const crashed = crashImage(dir); // the journal alone
        await store.close(); // daily_shifts.json and the journal
        for (const image of [crashed, dir]) {
          const ahead = await readAheadOf(image);
          const taken = await recover(image, ahead);
          const readHere = await recover(image);
          expect(observe(taken.state, ids)).toEqual(observe(readHere.state, ids));
          expect(taken.state.chainHead).toBe(readHere.state.chainHead);
          expect(taken.state.book!.toJson()).toEqual(readHere.state.book!.toJson());
          expect(taken.base).toEqual(readHere.base);
          // Everything recovery needed came from the read ahead.
          expect(readHere.read.length).toBeGreaterThan(0);
          expect(taken.read).toEqual([]);
          expectSameAfterLater(taken.state, readHere.state, ids, drawn.later);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('reads a file again when it changed after it was read ahead', async () => {
    const dir = tempDir('caja-ahead-changed-');
    const first = await openTestStore(dir);
    await first.putMany([billOnDay(1, '2026-11-27'), billOnDay(2, '2026-11-27')]);
    await first.close();
    const ahead = await readAheadOf(dir);
    // A relay still running when the read ahead was made: it appends a record after it.
    const running = await openTestStore(dir);
    await running.putMany([billOnDay(3, '2026-11-27')]);
    const journal = join(dir, JOURNAL_DIR);
    const segment = join(journal, readdirSync(journal).sort().at(-1)!);

    const { state, read } = await recover(dir, ahead);
    await running.close();
    expect(read).toEqual([segment]);
    expect(state.get('bill-3')).toBeDefined();
    expect(state.billCount).toBe(3);
  });

  it('stops at damage with the message reading at recovery gives', async () => {
    const dir = tempDir('caja-ahead-damaged-');
    const store = await openTestStore(dir);
    for (let n = 1; n <= 5; n++) await store.putMany([billOnDay(n, '2026-11-27')]);
    const image = crashImage(dir);
    await store.close();
    const journal = join(image, JOURNAL_DIR);
    const segment = join(journal, readdirSync(journal).sort()[0]!);
    const bytes = readFileSync(segment);
    const at = bytes.indexOf('bill-2');
    bytes[at] = 'B'.charCodeAt(0); // a flipped byte in the second record: damage, not a torn tail
    writeFileSync(segment, bytes);
    const ahead = await readAheadOf(image);
    const withAhead = await recover(image, ahead).catch((error: Error) => error);
    const without = await recover(image).catch((error: Error) => error);
    expect(withAhead).toBeInstanceOf(Error);
    expect((withAhead as Error).message).toBe((without as Error).message);
    expect((withAhead as Error).message).toMatch(/checksum mismatch/);
  });
});

function resign(text: string): string {
  const zeroed = text.replace(/sha256:[0-9a-f]{64}/, `sha256:${'0'.repeat(64)}`);
  const { computed } = snapshotDigests(Buffer.from(zeroed));
  return text.replace(/sha256:[0-9a-f]{64}/, `sha256:${computed}`);
}
