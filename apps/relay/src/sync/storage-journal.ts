// The sync's JournalReader over the storage engine's JournalTail (the durable journal read from
// an LSN onwards): storage's records turned into the sync's (a bill version, a local cleanup, a
// cash move or close).
import { JournalTail, type StorageJournalRecord } from '../storage/index.js';
import type { JournalReader, JournalRecord } from './ports.js';

export class SegmentJournalReader implements JournalReader {
  private readonly tail: JournalTail;

  /** `durableLsn` is the store's LSN of its newest durable record (DurableBillStore.lsn). */
  constructor(dataDir: string, durableLsn: () => number) {
    this.tail = new JournalTail(dataDir, durableLsn);
  }

  lastLsn(): number {
    return this.tail.lastLsn();
  }

  async readAfter(afterLsn: number, limit: number): Promise<JournalRecord[]> {
    return (await this.tail.readAfter(afterLsn, limit)).map(toRecord);
  }
}

function toRecord(record: StorageJournalRecord): JournalRecord {
  const chain = record.prev === undefined ? {} : { prev: record.prev };
  // A cash move or a close: copied to its own item.
  if (record.op === 'ledger') return { lsn: record.lsn, ledger: record.entry, ...chain };
  if (record.op !== 'put')
    return {
      lsn: record.lsn,
      drop: { days: record.days, throughLsn: record.throughLsn },
      ...chain,
    };
  const { lsn, bill, shiftDate, receivedAt } = record;
  return { lsn, bill, shiftDate, receivedAt, ...chain };
}
