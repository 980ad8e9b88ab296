// Builds the relay's services and HTTP app over a store and repositories. serve.ts calls it with
// the durable store and DATA_DIR files; route tests with MemoryBillStore and memory repositories.
import type { RequestHandler, Router } from 'express';
import { Authenticator } from './auth/authenticator.js';
import { OwnerSessions } from './auth/owner-sessions.js';
import type { PairingCodeRepository } from './auth/pairing-codes.js';
import type { RandomBytes } from './auth/secrets.js';
import type { TillRepository } from './auth/till-repository.js';
import { createApp, type RelayApp } from './http/app.js';
import { LedgerService } from './ledger/ledger-service.js';
import type { TillSeen, TillStatusPort } from './ledger/till-status-file.js';
import type { ExportsPort } from './http/routes/system-routes.js';
import type { StorageHealth } from './storage/index.js';
import type { Logger } from './logging/logger.js';
import { createRelayMetrics, type RelayMetrics } from './metrics/relay-metrics.js';
import { BillIntakeService } from './services/bill-intake.js';
import { LiveUpdates } from './services/live-updates.js';
import { PairingService } from './services/pairing-service.js';
import { ShiftQueryService } from './services/shift-queries.js';
import { disabledSync, type Sync } from './sync/index.js';
import type { BillStore } from './storage/index.js';

export interface RelayParts {
  store: BillStore;
  timeZone: string;
  tills: TillRepository;
  codes: PairingCodeRepository;
  now: () => Date;
  random: RandomBytes;
  logger: Logger;
  relayToken?: string;
  adminToken?: string;
  /** What the owner types to open the back office; ADMIN_TOKEN when absent. */
  ownerPassword?: string;
  rateLimitPerMinute: number;
  pairAttemptsPerMinute?: number;
  tls?: boolean;
  pwaDir?: string;
  caCertFile?: string;
  heartbeatMs?: number;
  streamLimits?: { perToken: number; total: number };
  coalesceMs?: number;
  /** Defaults to disabledSync (route tests, a relay without sync). */
  sync?: Sync;
  storageHealth?: () => StorageHealth;
  /** S3 exports, when S3_EXPORT_BUCKET is set. */
  exports?: ExportsPort;
  storageGauges?: () => Record<string, number>;
  /** How many bills the store holds; defaults to a pass over the day summaries. */
  billCount?: () => number;
  /** The tills' status reports kept across restarts (none: memory only). */
  tillStatus?: { saved: Map<string, TillSeen>; port: TillStatusPort };
  extraRouters?: (auth: { requireToken: RequestHandler; requireAdmin: RequestHandler }) => Router[];
}

export interface Relay extends RelayApp {
  ledger: LedgerService;
  pairing: PairingService;
  shifts: ShiftQueryService;
  live: LiveUpdates;
  metrics: RelayMetrics;
  /** Refuses new requests, ends live updates; the store is closed by its owner. */
  close(): void;
}

/** Every bill the store holds (a pass over day summaries, not over bills). */
export function countBills(store: BillStore): number {
  return store.shifts('0000-01-01', '9999-12-31').reduce((sum, day) => sum + day.billCount, 0);
}

export function buildRelay(parts: RelayParts): Relay {
  const { store, timeZone, now, logger } = parts;
  const sync = parts.sync ?? disabledSync(parts.billCount ?? (() => countBills(store)));
  const shifts = new ShiftQueryService(store, timeZone, now);
  const live = new LiveUpdates({
    store,
    summary: (date) => shifts.summary(date),
    today: () => shifts.today(),
    coalesceMs: parts.coalesceMs,
  });
  const exportsPort = parts.exports;
  const metrics = createRelayMetrics({
    eventStreams: () => live.listenerCount,
    storage: parts.storageGauges,
    sync: () => sync.metrics(),
    ...(exportsPort && { exports: () => exportsPort.figures() }),
  });
  const intake = new BillIntakeService(store, (outcome) => metrics.bills.inc({ outcome }), now);
  const pairing = new PairingService({
    tills: parts.tills,
    codes: parts.codes,
    now,
    random: parts.random,
  });
  const ownerSessions = new OwnerSessions({
    credential: parts.ownerPassword ?? parts.adminToken,
    now,
    random: parts.random,
  });
  const authenticator = new Authenticator({
    tills: parts.tills,
    relayToken: parts.relayToken,
    adminToken: parts.adminToken,
    ownerSessions,
  });
  const ledger = new LedgerService(store, parts.tills, timeZone, now, {
    syncConflicts: () => sync.conflicts(),
    statusFile: parts.tillStatus?.port,
    journaled: () => sync.journalGrew?.(),
  });
  if (parts.tillStatus) ledger.restoreStatus(parts.tillStatus.saved);
  const relayApp = createApp({
    ledger,
    store,
    intake,
    shifts,
    pairing,
    authenticator,
    ownerSessions,
    live,
    sync,
    metrics,
    logger,
    storageHealth: parts.storageHealth ?? (() => ({ state: 'ok' })),
    exports: parts.exports,
    rateLimitPerMinute: parts.rateLimitPerMinute,
    pairAttemptsPerMinute: parts.pairAttemptsPerMinute,
    heartbeatMs: parts.heartbeatMs,
    streamLimits: parts.streamLimits,
    tls: parts.tls ?? false,
    pwaDir: parts.pwaDir,
    caCertFile: parts.caCertFile,
    extraRouters: parts.extraRouters,
  });
  return {
    ...relayApp,
    ledger,
    pairing,
    shifts,
    live,
    metrics,
    close: () => {
      relayApp.beginShutdown();
      live.close();
    },
  };
}
