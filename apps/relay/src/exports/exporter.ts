// Exports closed days to S3. Every run (EXPORT_INTERVAL_SECONDS) looks at the days the relay holds
// and writes `{date}.json` and `.csv` for each day that is
// - closed (has a Z), or
// - past, confirmed in DynamoDB and never closed: exported the next morning (from 06:00 store
//   time, so a close done after midnight still comes first);
// and whose fingerprint (bills at their versions, the Z) differs from the last one exported: a
// late bill or a newer version re-exports the day. A day local cleanup dropped that gets a late
// bill is re-exported from its previous export with the late versions in place (the relay no
// longer holds the rest of it); without a previous export it is not exported (a warning says so). Objects are written with the sync's retries,
// backoff and circuit breaker; the fingerprints live in DATA_DIR/exports/state.json, replaced
// atomically after each day, so a restart exports only what changed meanwhile.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addDays, businessDay, makeShift, type DailyShift, type ZReport } from '@caja/models';
import { writeFileAtomic } from '../storage/index.js';
import type { Logger } from '../logging/logger.js';
import type { ResilientCaller } from '../sync/resilience.js';
import { classifyDynamoError } from '../dynamo/errors.js';
import {
  dayBillsCsv,
  dayExportJson,
  dayFingerprint,
  exportKeys,
  type DayExportDocument,
} from './day-export.js';
import type { ObjectStore } from './object-store.js';

/** The ledger's day closes: the Z of a closed day (with its late bills), undefined if open. */
export interface ClosedDays {
  zOf(date: string): ZReport | undefined;
}

export interface ExportSource {
  shift(date: string): DailyShift;
  /** Days with bills held locally, from..to. */
  shifts(from: string, to: string): Array<{ date: string }>;
  isDayConfirmed(date: string): boolean;
  /** Local cleanup dropped bills of this day: the relay holds only some of it (late ones). */
  isDropped(date: string): boolean;
  /** The relay holds a version of this bill (in whatever day). */
  knows(id: string): boolean;
}

export type ExportState = 'ok' | 'retrying' | 'circuit-open' | 'disabled';

export interface ExportFigures {
  state: ExportState;
  pendingDays: number;
  /** Day exports written since start (re-exports included). */
  daysExported: number;
  runsFailed: number;
  /** Object writes retried after a failure. */
  retries: number;
}

export interface ExportHealth {
  state: ExportState;
  bucket: string | null;
  exportedDays: number;
  /** Days due for (re-)export at the last run that are not exported yet. */
  pendingDays: number;
  lastSuccessAt: string | null;
  lastError: string | null;
}

export interface ExporterOptions {
  storeId: string;
  bucket: string;
  timeZone: string;
  objects: ObjectStore;
  caller: ResilientCaller;
  source: ExportSource;
  closed: ClosedDays;
  dataDir: string;
  now: () => Date;
  logger: Logger;
}

/** A past day never closed is exported from this local hour of the next day. */
const UNCLOSED_EXPORT_HOUR = 6;
const STATE_VERSION = 1;

export class DayExporter {
  private readonly exported = new Map<string, string>();
  private readonly statePath: string;
  private health: ExportHealth;
  readonly counters = { objectsWritten: 0, daysExported: 0, runsFailed: 0 };
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastCause: string | undefined;

  constructor(private readonly options: ExporterOptions) {
    this.statePath = join(options.dataDir, 'exports', 'state.json');
    this.health = {
      state: 'ok',
      bucket: options.bucket,
      exportedDays: 0,
      pendingDays: 0,
      lastSuccessAt: null,
      lastError: null,
    };
  }

  async load(): Promise<void> {
    try {
      const json = JSON.parse(await readFile(this.statePath, 'utf8')) as {
        version?: number;
        exported?: Array<[string, string]>;
      };
      if (json.version === STATE_VERSION)
        for (const [date, fingerprint] of json.exported ?? []) this.exported.set(date, fingerprint);
    } catch (error) {
      // Missing or damaged: every due day is exported again, which only rewrites equal objects.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.options.logger.warn('export state unreadable; days will be exported again', {
          error,
        });
    }
    this.health.exportedDays = this.exported.size;
  }

  /** A failed request (retried or not): health's lastError names the real cause. */
  noteFailure(description: string): void {
    this.lastCause = description;
  }

  status(): ExportHealth {
    const breaker = this.options.caller.breakerState;
    const state = breaker === 'open' ? 'circuit-open' : this.health.state;
    return { ...this.health, state };
  }

  /** Days due now: closed ones, and past confirmed unclosed ones from the next morning. */
  dueDays(): string[] {
    const { source, closed, timeZone } = this.options;
    const now = this.options.now();
    const today = businessDay(now, timeZone);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' });
    const hour = Number(local.format(now));
    const lastUnclosed = addDays(today, hour >= UNCLOSED_EXPORT_HOUR ? -1 : -2);
    const due: string[] = [];
    for (const { date } of source.shifts('0000-01-01', '9999-12-31')) {
      if (closed.zOf(date) || (date <= lastUnclosed && source.isDayConfirmed(date))) due.push(date);
    }
    return due;
  }

  /**
   * The day as the relay holds it is not exported yet: local cleanup keeps it until it is. (A
   * late bill of a day cleanup dropped would otherwise be dropped again before any export pass
   * saw it, and never exported.) A day not due yet (open, unconfirmed) is not held here.
   */
  holds(date: string): boolean {
    const { source, closed } = this.options;
    const z = closed.zOf(date);
    const due = z !== undefined || source.isDayConfirmed(date);
    return due && this.exported.get(date) !== dayFingerprint(source.shift(date), z);
  }

  /** One pass; never throws (the state and health say what went wrong). */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    const { source, closed, storeId, objects, caller, logger } = this.options;
    const todo: Array<{ date: string; shift: DailyShift; z: ZReport | undefined; mark: string }> =
      [];
    for (const date of this.dueDays()) {
      const shift = source.shift(date);
      const z = closed.zOf(date);
      const mark = dayFingerprint(shift, z);
      if (this.exported.get(date) !== mark) todo.push({ date, shift, z, mark });
    }
    this.health.pendingDays = todo.length;
    try {
      for (const day of todo) {
        const keys = exportKeys(storeId, day.date);
        const shift = source.isDropped(day.date) ? await this.wholeDay(keys.json, day) : day.shift;
        if (!shift) {
          logger.warn(
            `${day.date} got a late bill after this relay cleaned the day up, and there is no ` +
              'earlier export of it to complete: not exported (DynamoDB holds the whole day)',
          );
          this.exported.set(day.date, day.mark);
          await this.saveState();
          this.health.pendingDays -= 1;
          continue;
        }
        const at = this.options.now().toISOString();
        const json = dayExportJson(storeId, shift, day.z, at);
        const csv = dayBillsCsv(shift);
        await caller.call(() => objects.put(keys.json, json, 'application/json'));
        await caller.call(() => objects.put(keys.csv, csv, 'text/csv; charset=utf-8'));
        this.counters.objectsWritten += 2;
        this.counters.daysExported += 1;
        const again = this.exported.has(day.date);
        this.exported.set(day.date, day.mark);
        await this.saveState();
        this.health.pendingDays -= 1;
        this.health.exportedDays = this.exported.size;
        logger.info(`exported ${day.date} to S3${again ? ' again (it changed)' : ''}`, {
          key: keys.json,
          bills: day.shift.billCount,
          zNumber: day.z?.zNumber,
        });
      }
      this.health.state = 'ok';
      this.health.lastSuccessAt = this.options.now().toISOString();
    } catch (raw) {
      const error = classifyDynamoError(raw);
      const described =
        error.code === 'circuit-open' && this.lastCause
          ? `${error.describe()} (last failure: ${this.lastCause})`
          : error.describe();
      this.counters.runsFailed += 1;
      if (this.health.state === 'ok')
        logger.warn('S3 export failed; will retry', { error: described });
      this.health.state = 'retrying';
      this.health.lastError = described;
    }
  }

  /**
   * A dropped day as a whole: its previous export's bills that the relay no longer holds, plus
   * the ones it holds (late versions; a bill that moved to another day is left out). Undefined
   * without a previous export.
   */
  private async wholeDay(
    key: string,
    day: { date: string; shift: DailyShift },
  ): Promise<DailyShift | undefined> {
    const { caller, objects, source } = this.options;
    const body = await caller.call(() => objects.get(key));
    if (body === undefined) return undefined;
    const previous = JSON.parse(body) as DayExportDocument;
    const kept = previous.shift.bills.filter((bill) => !source.knows(bill.id));
    return makeShift(day.date, [...kept, ...day.shift.bills]);
  }

  private async saveState(): Promise<void> {
    const json = { version: STATE_VERSION, exported: [...this.exported].sort() };
    await writeFileAtomic(this.statePath, `${JSON.stringify(json)}\n`);
  }

  start(intervalSeconds: number): void {
    const tick = () => {
      void this.runOnce().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, intervalSeconds * 1000).unref();
      });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    this.options.objects.close();
  }

  /** For /metrics (metrics/export-metrics.ts). */
  figures(): ExportFigures {
    const status = this.status();
    return {
      state: status.state,
      pendingDays: status.pendingDays,
      daysExported: this.counters.daysExported,
      runsFailed: this.counters.runsFailed,
      retries: this.options.caller.retries,
    };
  }
}
