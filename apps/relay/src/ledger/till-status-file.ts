// DATA_DIR/till-status.json: each till's last status report and since when it has held unsent
// bills, so a restarted relay still names those tills at a close and health still counts the
// hour (an in-memory copy would start the hour again at every restart). One entry per till, at
// most MAX_TILLS (the most recently seen), replaced atomically; writes that pile up while one is
// in progress are folded into the next.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../storage/index.js';
import type { TillStatus } from '@caja/models';
import type { Logger } from '../logging/logger.js';

export const TILL_STATUS_FILE = 'till-status.json';
const SCHEMA_VERSION = 1;
/** Far above any shop's tills; keeps a flood of till ids from growing the file without end. */
export const MAX_TILLS = 1000;

/** A till's own status report, as received. */
export interface TillReport extends TillStatus {
  receivedAt: string;
}

export interface TillSeen {
  lastSeenAt?: string;
  reported?: TillReport;
  /** Since when the till has reported a non-empty outbox without a break. */
  outboxSince?: string;
}

interface TillStatusJson {
  schemaVersion: number;
  tills: [string, TillSeen][];
}

/** Where the ledger keeps the tills' reports (the file, or nothing in route tests). */
export interface TillStatusPort {
  /** Saves the current reports (`read` is called when the write starts, so it is the newest). */
  save(read: () => Map<string, TillSeen>): Promise<void>;
}

export class TillStatusFile implements TillStatusPort {
  private tail: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;

  constructor(private readonly path: string) {}

  /** The saved reports; a missing file is none, a damaged one is logged and dropped. */
  async load(logger: Logger): Promise<Map<string, TillSeen>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as Partial<TillStatusJson>;
      if (parsed.schemaVersion !== SCHEMA_VERSION || !Array.isArray(parsed.tills))
        throw new Error(`unknown schemaVersion ${String(parsed.schemaVersion)}`);
      return new Map(parsed.tills.filter(([tillId]) => typeof tillId === 'string'));
    } catch (error) {
      // Reports are sent again within a minute: a bad file must not stop the shop.
      logger.warn(`${this.path} is unreadable and is ignored: the tills report again`, { error });
      return new Map();
    }
  }

  save(read: () => Map<string, TillSeen>): Promise<void> {
    this.queued ??= this.tail.then(() => {
      this.queued = undefined;
      return writeFileAtomic(this.path, serialize(read()), 0o644);
    });
    const run = this.queued;
    this.tail = run.catch(() => undefined);
    return run;
  }
}

function serialize(seen: Map<string, TillSeen>): string {
  const newestFirst = [...seen].sort(([, a], [, b]) =>
    (a.lastSeenAt ?? '') < (b.lastSeenAt ?? '') ? 1 : -1,
  );
  const json: TillStatusJson = {
    schemaVersion: SCHEMA_VERSION,
    tills: newestFirst.slice(0, MAX_TILLS),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
