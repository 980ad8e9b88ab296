// Cash moves and Zs reach DynamoDB as their own items, once each, through the same cursor as the
// bills; SUMMARY items carry the journal's chain head.
import { rmSync } from 'node:fs';
import { computeZ, type CashMove } from '@caja/models';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncError } from '../../../src/dynamo/errors.js';
import type { LedgerEntry } from '../../../src/ledger/ledger-entry.js';
import { stateFilePath } from '../../../src/sync/state-file.js';
import { makeBill, makeRig, type Rig } from './helpers.js';

let rig: Rig;
afterEach(async () => rig.engine.stop());

const DAY = '2026-11-25';

/** Journals a ledger entry in the store and in the journal twin, with a fake chain link. */
async function journal(build: (lsn: number, at: string) => LedgerEntry): Promise<number> {
  let lsn = 0;
  const entry = await rig.store.appendLedger((context) => {
    lsn = context.lsn;
    return build(context.lsn, context.receivedAt);
  });
  rig.journal.records.push({ lsn, ledger: entry, prev: `head-before-${lsn}` });
  return lsn;
}

function move(lsn: number, at: string, amount: number): LedgerEntry {
  const cashMove: CashMove = { id: `move-${lsn}`, date: DAY, amount, reason: 'float', at };
  return { type: 'cash_move', move: cashMove };
}

function close(at: string): LedgerEntry {
  const bills = rig.store.shift(DAY).bills;
  const moves = rig.store.book.movesOf(DAY).map((stored) => stored.move);
  const z = computeZ({
    zNumber: 1,
    date: DAY,
    closedAt: at,
    bills,
    moves,
    countedCash: 0,
    previousGrandTotal: 0,
    chainHead: 'head',
    tillsWithUnsentBills: [],
  });
  return { type: 'close', z };
}

describe('cash moves and Zs in DynamoDB', () => {
  it('are written once each, past an outage and a replay from the start', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany([makeBill(), makeBill()]);
    const moveLsn = await journal((lsn, at) => move(lsn, at, 20_000));
    const closeLsn = await journal((_lsn, at) => close(at));

    // DynamoDB is down for ledger writes: the cursor stops before the first cash move.
    rig.table.fault = (operation) =>
      operation === 'putLedgerEntry' ? new SyncError('unavailable', 'down') : undefined;
    const failed = await rig.engine.syncNow();
    expect(failed.ok).toBe(false);
    expect(rig.engine.confirmedLsn()).toBe(moveLsn - 1);
    expect(rig.table.zs.size).toBe(0);

    rig.table.fault = undefined;
    expect((await rig.engine.syncNow()).ok).toBe(true);
    expect(rig.engine.confirmedLsn()).toBe(closeLsn);
    expect(rig.table.moves.get(DAY)?.get(`move-${moveLsn}`)).toMatchObject({
      value: { amount: 20_000, reason: 'float' },
      journalLsn: moveLsn,
    });
    const z = rig.table.zs.get(DAY)!;
    expect(z.journalLsn).toBe(closeLsn);
    expect(z.value).toEqual(rig.store.book.zOf(DAY)!.z);
    expect(z.value.expectedCash).toBe(20_000);

    // A lost state file: everything is replayed; the items are found there, not doubled.
    await rig.engine.stop();
    rmSync(stateFilePath(rig.dataDir));
    rig.restart();
    await rig.engine.start();
    rig.table.requests.putLedgerEntry = 0;
    await rig.engine.syncNow();
    expect(rig.table.requests.putLedgerEntry).toBe(2);
    expect(rig.table.moves.get(DAY)?.size).toBe(1);
    expect(rig.table.zs.get(DAY)).toEqual(z);
  });

  it('a SUMMARY carries the chain head of the newest journal record read', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany([makeBill()]);
    const lsn = await journal((at, when) => move(at, when, 500));
    await rig.engine.syncNow();
    expect(rig.table.summaries.get(DAY)).toMatchObject({
      billCount: 1,
      chainLsn: lsn,
      chainHead: `head-before-${lsn}`,
    });
  });
});
