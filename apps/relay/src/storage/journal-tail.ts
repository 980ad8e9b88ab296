// The journal read as it grows, from an LSN onwards (the sync worker follows and drains it with
// this); journal-reader.ts reads it whole at start-up, restore and verify. Both walk the same
// frames (journal-record.ts) and segment files (journal-segments.ts). Reads are incremental: the
// tail remembers where the last batch ended (file and byte offset), so draining a large backlog
// reads each byte about once. Only records up to the store's durable LSN are returned: later
// bytes may still be in flight.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeStorageFs } from './fs-port.js';
import { SEGMENT_MAGIC, peekLsn, readFrame } from './journal-frame.js';
import { parsePayload, type JournalRecord } from './journal-record.js';
import { JOURNAL_DIR, listSegments } from './journal-segments.js';

interface Position {
  path: string;
  /** Byte offset of the frame holding `nextLsn`. */
  offset: number;
  nextLsn: number;
}

const CHUNK_BYTES = 1024 * 1024;

export class JournalTail {
  private readonly journalDir: string;
  private position: Position | undefined;
  private batchStart: Position | undefined;
  /**
   * The read buffer, kept between reads. The sync worker reads the journal's newest records
   * many times a second: a fresh 1 MiB buffer each time kept its garbage collector busy, on
   * the cores that answer tills. Undefined while a read uses it (reads may overlap).
   */
  private spare: Buffer | undefined;

  /** `durableLsn` is the store's LSN of its newest durable record (DurableBillStore.lsn). */
  constructor(
    dataDir: string,
    private readonly durableLsn: () => number,
  ) {
    this.journalDir = join(dataDir, JOURNAL_DIR);
  }

  /** LSN of the newest durable record. */
  lastLsn(): number {
    return this.durableLsn();
  }

  async readAfter(afterLsn: number, limit: number): Promise<JournalRecord[]> {
    const ceiling = this.durableLsn();
    if (afterLsn >= ceiling) return [];
    let position = this.resume(afterLsn + 1) ?? (await this.locate(afterLsn + 1));
    if (!position) return [];
    this.batchStart = { ...position };
    const records: JournalRecord[] = [];
    try {
      await this.readInto(position, ceiling, limit, records);
    } catch (error) {
      // Segments up to the confirmed LSN may be deleted (retention): find our place again.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.position = this.batchStart = undefined;
      position = await this.locate(afterLsn + 1);
      if (!position) return [];
      records.length = 0;
      await this.readInto(position, ceiling, limit, records);
    }
    return records;
  }

  private async readInto(
    start: Position,
    ceiling: number,
    limit: number,
    records: JournalRecord[],
  ): Promise<void> {
    let position = start;
    while (records.length < limit && position.nextLsn <= ceiling) {
      const progressed = await this.readSegment(position, ceiling, limit, records);
      if (progressed) continue;
      // End of this segment: carry on in the next one, which starts at nextLsn.
      const next = (await listSegments(nodeStorageFs, this.journalDir)).find(
        (segment) => segment.firstLsn === position!.nextLsn,
      );
      if (!next) break;
      position = { path: next.path, offset: SEGMENT_MAGIC.length, nextLsn: next.firstLsn };
    }
    this.position = position;
  }

  /** The remembered position when it is exactly where the caller wants to continue. */
  private resume(nextLsn: number): Position | undefined {
    for (const known of [this.position, this.batchStart]) {
      if (known?.nextLsn === nextLsn) return { ...known };
    }
    return undefined;
  }

  /** Finds the frame of `target` (or the first record kept, when older ones were deleted). */
  private async locate(target: number): Promise<Position | undefined> {
    const segments = await listSegments(nodeStorageFs, this.journalDir);
    const segment = segments.filter((s) => s.firstLsn <= target).at(-1) ?? segments[0];
    if (!segment) return undefined;
    const position = {
      path: segment.path,
      offset: SEGMENT_MAGIC.length,
      nextLsn: segment.firstLsn,
    };
    // Walk (without parsing) up to the target.
    await this.readSegment(position, target - 1, Number.MAX_SAFE_INTEGER, undefined);
    return position;
  }

  /**
   * Reads frames from `position` while their LSN <= ceiling, appending bill records to `out`
   * until it holds `limit`. Advances `position`; returns false when nothing was left to read.
   */
  private async readSegment(
    position: Position,
    ceiling: number,
    limit: number,
    out: JournalRecord[] | undefined,
  ): Promise<boolean> {
    const file = await open(position.path, 'r');
    let progressed = false;
    let buffer = this.spare ?? Buffer.allocUnsafe(CHUNK_BYTES);
    this.spare = undefined;
    try {
      let want = CHUNK_BYTES;
      for (;;) {
        if (position.nextLsn > ceiling || (out && out.length >= limit)) return true;
        if (buffer.length < want) buffer = Buffer.allocUnsafe(want);
        const { bytesRead } = await file.read(buffer, 0, want, position.offset);
        if (bytesRead === 0) return progressed;
        const chunk = buffer.subarray(0, bytesRead);
        let at = 0;
        while (at < chunk.length && position.nextLsn <= ceiling && !(out && out.length >= limit)) {
          const frame = readFrame(chunk, at);
          if (!frame.ok) break; // cut by the chunk's end, or not yet written
          const lsn = peekLsn(chunk, frame.payloadStart, frame.payloadEnd);
          if (lsn !== position.nextLsn)
            throw new Error(
              `journal ${position.path}: expected LSN ${position.nextLsn} at offset ` +
                `${position.offset + at}, found ${lsn ?? 'none'}`,
            );
          if (out)
            out.push(parsePayload(chunk.toString('utf8', frame.payloadStart, frame.payloadEnd)));
          at = frame.payloadEnd;
          position.nextLsn += 1;
          progressed = true;
        }
        position.offset += at;
        if (at === 0) {
          // A frame larger than the chunk, or the end of what is written: grow or stop.
          if (bytesRead < want) return progressed;
          want *= 2;
        }
      }
    } finally {
      // Nothing read from it is kept: records are parsed from strings copied out of it.
      if (buffer.length === CHUNK_BYTES) this.spare = buffer;
      await file.close();
    }
  }
}
