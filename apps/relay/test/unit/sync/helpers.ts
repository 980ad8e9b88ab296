// Twins and fixtures for the sync unit tests: a journal recorded from MemoryBillStore, a fake
// clock, an instant sleep, a logger that keeps lines, and a ready-made engine.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bill } from '@caja/models';
import { MemoryBillStore, type DurableBillStore } from '../../../src/storage/index.js';
import type { AlertSender } from '../../../src/sync/alerts.js';
import { SyncEngine, type SyncEngineOptions } from '../../../src/sync/engine.js';
import { MemoryBillTable } from './memory-table.js';
import type { Logger } from '../../../src/logging/logger.js';
import type { JournalReader, JournalRecord } from '../../../src/sync/ports.js';
import { SegmentJournalReader } from '../../../src/sync/storage-journal.js';

export const ZONE = 'America/Bogota';

/** Every accepted version of MemoryBillStore, in LSN order: the journal's in-memory twin. */
export class MemoryJournal implements JournalReader {
  readonly records: JournalRecord[] = [];
  reads = 0;
  constructor(store: MemoryBillStore) {
    store.subscribe(({ lsn, bill, shiftDate }) => this.records.push({ lsn, bill, shiftDate }));
  }
  async readAfter(afterLsn: number, limit: number): Promise<JournalRecord[]> {
    this.reads += 1;
    return this.records.filter((record) => record.lsn > afterLsn).slice(0, limit);
  }
  lastLsn(): number {
    return this.records.at(-1)?.lsn ?? 0;
  }
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'caja-sync-unit-'));
}

export function testLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export class FakeClock {
  constructor(public ms = Date.parse('2026-11-27T20:00:00Z')) {}
  now = () => new Date(this.ms);
  advance(ms: number) {
    this.ms += ms;
  }
}

let counter = 0;
/** A valid bill created at `createdAt` (UTC noon of 2026-11-25 by default: a past day). */
export function makeBill(overrides: Partial<Bill> = {}): Bill {
  counter += 1;
  const items = [{ id: 'SKU-1', name: 'Coffee', price: 2500, quantity: 2 }];
  return {
    id: `bill-${counter}`,
    tillId: 'till-1',
    version: 1,
    createdAt: '2026-11-25T17:00:00.000Z',
    items,
    total: 5000,
    kind: 'sale',
    status: 'closed',
    ...overrides,
  };
}

export function revise(bill: Bill, quantity: number): Bill {
  const items = bill.items.map((item) => ({ ...item, quantity }));
  const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  return { ...bill, version: bill.version + 1, items, total };
}

export interface Rig {
  store: MemoryBillStore;
  journal: MemoryJournal;
  table: MemoryBillTable;
  clock: FakeClock;
  logger: ReturnType<typeof testLogger>;
  alerts: Array<Record<string, unknown>>;
  delays: number[];
  dataDir: string;
  engine: SyncEngine;
  /** A new engine over the same store, table and DATA_DIR (a relay restart). */
  restart(overrides?: Partial<SyncEngineOptions>): SyncEngine;
}

export function makeRig(overrides: Partial<SyncEngineOptions> = {}): Rig {
  const store = new MemoryBillStore(ZONE);
  const journal = new MemoryJournal(store);
  const table = new MemoryBillTable();
  const clock = new FakeClock();
  const logger = testLogger();
  const alerts: Array<Record<string, unknown>> = [];
  const delays: number[] = [];
  const dataDir = tempDir();
  const sender: AlertSender = { send: async (payload) => void alerts.push(payload) };
  const build = (extra: Partial<SyncEngineOptions>) =>
    new SyncEngine({
      store,
      journal,
      table,
      dataDir,
      storeId: 'store-1',
      timeZone: ZONE,
      // Long interval: tests drive runs with syncNow().
      intervalMs: 3_600_000,
      firstRunDelayMs: 3_600_000,
      batchSize: 10,
      concurrency: 4,
      checkIntervalMs: 60_000,
      retry: { baseMs: 100, capMs: 1000, attempts: 3 },
      breaker: { consecutiveFailures: 5, cooldownMs: 40 },
      alerts: sender,
      logger,
      now: clock.now,
      random: () => 0.5,
      sleep: async (ms) => void delays.push(ms),
      ...overrides,
      ...extra,
    });
  const rig: Rig = {
    store,
    journal,
    table,
    clock,
    logger,
    alerts,
    delays,
    dataDir,
    engine: build({}),
    restart: (extra = {}) => (rig.engine = build(extra)),
  };
  return rig;
}

/**
 * An engine over a real durable store, reading its journal from `dataDir`, with fast retries and
 * no alerts; runs are driven with syncNow(). `overrides` gives the clock and what else a test
 * needs differently.
 */
export function journalEngine(
  store: DurableBillStore,
  dataDir: string,
  table: MemoryBillTable,
  overrides: Partial<SyncEngineOptions> & Pick<SyncEngineOptions, 'now'>,
): SyncEngine {
  return new SyncEngine({
    store,
    journal: new SegmentJournalReader(dataDir, () => store.lsn),
    table,
    dataDir,
    storeId: 'store-1',
    timeZone: ZONE,
    intervalMs: 3_600_000,
    firstRunDelayMs: 3_600_000,
    batchSize: 8,
    concurrency: 4,
    checkIntervalMs: 60_000,
    retry: { baseMs: 1, capMs: 1, attempts: 2 },
    breaker: { consecutiveFailures: 5, cooldownMs: 50 },
    alerts: { send: async () => {} },
    logger: testLogger(),
    ...overrides,
  });
}
