// The sync engine's durable state, DATA_DIR/sync/state.json, replaced atomically:
// - confirmedLsn: every journal record up to it is confirmed in DynamoDB (or dead-lettered);
// - dirtyDays: days whose SUMMARY item must be rewritten (their bills changed remotely);
// - deadLetters: bill versions DynamoDB refused for good.
// It is written only after DynamoDB confirmed a batch, never before (checkpoint after durable).
// Dead letters share the file with the cursor so the cursor can never pass a refused bill
// without the refusal being recorded.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../storage/index.js';
import type { Logger } from '../logging/logger.js';

export const STATE_SCHEMA_VERSION = 2;

export interface DeadLetter {
  id: string;
  version: number;
  date: string;
  lsn: number;
  code: string;
  message: string;
  /** ISO time of the refusal. */
  at: string;
}

/**
 * DynamoDB holds this bill at the same version with other content (a second relay on the same
 * STORE_ID, an old disk restored). Never called synced; its day is never confirmed nor cleaned.
 */
export interface Conflict {
  id: string;
  version: number;
  date: string;
  lsn: number;
  /** ISO time it was found. */
  at: string;
}

export interface SyncState {
  schemaVersion: typeof STATE_SCHEMA_VERSION;
  /** This relay's id on the SUMMARY items it writes (made once per DATA_DIR). */
  instanceId: string;
  confirmedLsn: number;
  dirtyDays: string[];
  deadLetters: DeadLetter[];
  conflicts: Conflict[];
  /** Days a bill left (its createdAt changed): checked even when no local bill is left in them. */
  formerDays: string[];
  /**
   * Days local cleanup dropped (the journal's drop records the drain passed): DynamoDB holds bills
   * of theirs this relay no longer has, so their SUMMARY counts those too (read back).
   */
  droppedDays: string[];
}

export function initialState(): SyncState {
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    instanceId: randomUUID(),
    confirmedLsn: 0,
    dirtyDays: [],
    deadLetters: [],
    conflicts: [],
    formerDays: [],
    droppedDays: [],
  };
}

export function stateFilePath(dataDir: string): string {
  return join(dataDir, 'sync', 'state.json');
}

/**
 * Upgrades an older shape to the current one; unknown (future or damaged) shapes give undefined.
 * Version 1 -> 2: an instance id is made, no conflicts and no former days yet. A state without
 * `droppedDays` (written before it existed) starts with none.
 */
export function migrateState(raw: unknown): SyncState | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const value = raw as Partial<Omit<SyncState, 'schemaVersion'>> & { schemaVersion?: unknown };
  if (value.schemaVersion !== 1 && value.schemaVersion !== STATE_SCHEMA_VERSION) return undefined;
  if (!Number.isSafeInteger(value.confirmedLsn) || (value.confirmedLsn ?? -1) < 0) return undefined;
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    instanceId: typeof value.instanceId === 'string' ? value.instanceId : randomUUID(),
    confirmedLsn: value.confirmedLsn ?? 0,
    dirtyDays: Array.isArray(value.dirtyDays) ? value.dirtyDays.filter(isString) : [],
    deadLetters: Array.isArray(value.deadLetters) ? value.deadLetters : [],
    conflicts: Array.isArray(value.conflicts) ? value.conflicts : [],
    formerDays: Array.isArray(value.formerDays) ? value.formerDays.filter(isString) : [],
    droppedDays: Array.isArray(value.droppedDays) ? value.droppedDays.filter(isString) : [],
  };
}

/**
 * Loads the state. A missing file is a first start. An unreadable one restarts from LSN 0: every
 * write is conditional, so replaying the whole journal costs requests but can never regress or
 * duplicate a bill in DynamoDB.
 */
export async function loadState(path: string, logger: Logger): Promise<SyncState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return initialState();
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const state = migrateState(parsed);
  if (state) return state;
  logger.error(
    `Sync state ${path} is unreadable: syncing the whole journal again (writes are conditional, ` +
      'so DynamoDB cannot get duplicates or older versions).',
  );
  return initialState();
}

export async function saveState(path: string, state: SyncState): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
