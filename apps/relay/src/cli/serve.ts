// `node dist/main.js` (no sub-command): runs the relay until SIGTERM/SIGINT.
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { FilePairingCodeRepository, PAIRING_CODES_DIR } from '../auth/pairing-codes.js';
import { FileTillRepository, TILLS_FILE } from '../auth/file-till-repository.js';
import { TILL_STATUS_FILE, TillStatusFile } from '../ledger/till-status-file.js';
import { secureRandomBytes } from '../auth/secrets.js';
import { createCatalogRouter, FileCatalogRepository } from '../catalog/index.js';
import { createSettingsRouter, FileSettingsRepository } from '../settings/index.js';
import { buildRelay } from '../compose.js';
import { findFile } from '../dist-files.js';
import { createExporter } from '../exports/index.js';
import type { RelayConfig } from '../config.js';
import { limitConnections, serverOptions } from '../http/connection-limits.js';
import { createLogger, type Logger } from '../logging/logger.js';
import type { DurableBillStore } from '../storage/index.js';
import { openStore, type ReadAhead } from '../storage/index.js';
import { rebuildOnEmpty, scheduleLocalCleanup, SyncWorkerHost, type Sync } from '../sync/index.js';
import { loadEnvironmentOrExit, type Environment } from './environment.js';
import { printStartBanner } from './start-banner.js';

// Required, not imported: importing node:http as an ES module makes Node read every one of its
// exports, and the lazy WebSocket ones load undici, which this thread never uses (about a tenth
// of an empty relay's start-up).
const requireBuiltin = createRequire(import.meta.url);
const { createServer: createHttpServer } = requireBuiltin(
  'node:http',
) as typeof import('node:http');

/** SIGTERM to exit: the contract gives 5 s; we force our way out a little before that. */
const FORCED_EXIT_MS = 4_700;
/** How long in-flight requests get to finish before their connections are cut. */
const DRAIN_MS = 2_000;

/**
 * `environment`: the configuration, when main.ts read it already to start `readAhead` (the
 * journal and snapshot read in a worker thread while this module loaded).
 */
export async function serve(
  { config }: Environment = loadEnvironmentOrExit(),
  readAhead?: ReadAhead,
): Promise<void> {
  if (readAhead && readAhead.dataDir !== config.dataDir) {
    readAhead.close();
    readAhead = undefined;
  }
  const logger = createLogger({ level: config.logLevel });
  const now = () => new Date();
  installCrashHandlers(logger);

  // The store deletes a journal segment only once DynamoDB has confirmed it; until the sync
  // exists (and after it stops) nothing counts as confirmed.
  const syncRef: { current?: Sync } = {};
  let opened;
  try {
    opened = await openStore(
      config,
      logger,
      now,
      () => syncRef.current?.confirmedLsn() ?? 0,
      readAhead,
    );
  } catch (error) {
    // The storage engine's messages say what is wrong and what to do (StorageError).
    logger.error('cannot open the store', { error });
    console.error(`\nThe relay cannot start: ${(error as Error).message}`);
    process.exit(1);
  } finally {
    if (readAhead?.used) logger.info('start-up: files read ahead', { files: readAhead.used });
    readAhead?.close();
  }
  const store = opened.durable;
  if (config.recovery.onEmpty) await restoreEmptyDataDir(config, store, logger, now);
  // The sync runs in a worker thread fed from the journal: DynamoDB work never delays a till.
  const sync = new SyncWorkerHost(
    {
      ...config.sync,
      dataDir: config.dataDir,
      timeZone: config.timeZone,
    },
    {
      get: (id) => store.get(id),
      subscribe: (listener) => store.subscribe(listener),
      entries: () => store.currentVersions(),
      get lsn() {
        return store.lsn;
      },
      billCount: () => opened.billCount(),
    },
    logger,
  );
  syncRef.current = sync;
  // A day the S3 export has not written yet stays too (the exporter is made below).
  const exportsRef: { current?: { holds(date: string): boolean } } = {};
  const stopCleanup = scheduleLocalCleanup({
    store,
    sync: {
      isDayConfirmed: (date) => sync.isDayConfirmed(date) && !exportsRef.current?.holds(date),
    },
    timeToCleanSeconds: config.cleanup.intervalSeconds,
    retentionDays: config.cleanup.retentionDays,
    timeZone: config.timeZone,
    now,
    logger,
  });
  const tills = await FileTillRepository.open(join(config.dataDir, TILLS_FILE));
  const tillStatusFile = new TillStatusFile(join(config.dataDir, TILL_STATUS_FILE));
  const tillStatus = { saved: await tillStatusFile.load(logger), port: tillStatusFile };
  const codes = new FilePairingCodeRepository(join(config.dataDir, PAIRING_CODES_DIR));
  await codes.removeExpired(now());

  // Closed days (and past confirmed ones never closed) to S3, when S3_EXPORT_BUCKET is set.
  const exporter = await createExporter(config, {
    source: {
      shift: (date) => opened.store.shift(date),
      shifts: (from, to) => opened.store.shifts(from, to),
      isDayConfirmed: (date) => sync.isDayConfirmed(date),
      isDropped: (date) => opened.store.book.droppedDates().includes(date),
      knows: (id) => opened.store.get(id) !== undefined,
    },
    // Read at export time, once the relay (and its ledger) exists.
    closed: { zOf: (date) => relay.ledger.zOf(date) },
    now,
    logger,
  });
  exportsRef.current = exporter;

  const relay = buildRelay({
    store: opened.store,
    timeZone: config.timeZone,
    tills,
    tillStatus,
    codes,
    now,
    random: secureRandomBytes,
    logger,
    relayToken: config.http.relayToken,
    adminToken: config.http.adminToken,
    ownerPassword: config.http.ownerPassword,
    rateLimitPerMinute: config.http.rateLimitPerMinute,
    pairAttemptsPerMinute: config.http.pairAttemptsPerMinute,
    tls: config.http.tls !== undefined,
    // apps/pwa/dist, from dist/ or from a chunk in dist/chunks/.
    pwaDir: findFile(import.meta.url, ['../../pwa/dist', '../../../pwa/dist']),
    caCertFile: config.http.tls && join(dirname(config.http.tls.certFile), 'ca.crt'),
    sync,
    storageHealth: () => opened.health(),
    ...(exporter && {
      exports: { health: () => exporter.status(), figures: () => exporter.figures() },
    }),
    storageGauges: () => opened.gauges(),
    billCount: () => opened.billCount(),
    extraRouters: ({ requireToken, requireAdmin }) => [
      createCatalogRouter({
        catalog: new FileCatalogRepository(config.dataDir),
        requireToken,
        requireAdmin,
        // Called at request time, when `relay` exists: tills refresh their copy live.
        onChange: () => relay.live.announce('catalog'),
        onError: (error) => logger.error('catalog request failed', { error }),
      }),
      createSettingsRouter({
        settings: config.shop,
        settingsStore: new FileSettingsRepository(config.dataDir, config.shop),
        requireToken,
        requireAdmin,
        onChange: () => relay.live.announce('settings'),
        onError: (error) => logger.error('settings request failed', { error }),
      }),
    ],
  });

  const server: Server = config.http.tls
    ? createHttpsServer(
        { cert: config.http.tls.cert, key: config.http.tls.key, ...serverOptions() },
        relay.app,
      )
    : createHttpServer(serverOptions(), relay.app);
  // Caps per address and in all, header and request timeouts: idle or trickling connections
  // cannot pile up and starve the tills.
  limitConnections(server, logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  }).catch((error: NodeJS.ErrnoException) => {
    logger.error('cannot listen', {
      host: config.http.host,
      port: config.http.port,
      error: error.code,
    });
    process.exit(1);
  });
  const port = (server.address() as AddressInfo).port;
  const scheme = config.http.tls ? 'https' : 'http';
  const shownHost =
    config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  const url = `${scheme}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;

  const startCode = await relay.pairing.issueCode();
  // Before the "listening on" line, with no await in between: whoever sees that line may send
  // SIGTERM at once, and without a handler the signal would kill the process on the spot.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping: no new requests, finishing the ones in flight', { signal });
    setTimeout(() => {
      logger.error(
        'could not stop in time; exiting anyway (the journal keeps every acknowledged bill)',
      );
      process.exit(1);
    }, FORCED_EXIT_MS).unref();
    relay.close();
    stopCleanup();
    const exportStopped = exporter?.stop().catch((error: Error) => {
      logger.error('S3 export did not stop cleanly (it resumes from its state)', { error });
    });
    // In parallel with the HTTP drain: the sync stops within ~2 s, its cursor saved.
    // stop() also works while start() is still connecting or scanning: it aborts, and exit follows.
    const syncStopped = sync.stop().catch((error: Error) => {
      logger.error('sync did not stop cleanly (it resumes from its cursor)', { error });
    });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const drained = await Promise.race([
      closed.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DRAIN_MS)),
    ]);
    if (!drained) server.closeAllConnections();
    await syncStopped;
    await exportStopped;
    try {
      await opened.store.close();
    } catch (error) {
      logger.error('final snapshot failed', { error });
      process.exit(1);
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // The banner first: whoever waits for the "listening on" line finds the pairing code above it.
  printStartBanner({ url, port, scheme, host: config.http.host, code: startCode, now: now() });
  logger.info(`listening on ${url}`, { timeZone: config.timeZone, dataDir: config.dataDir });
  // Only now: a first snapshot of a replayed journal (a second or more with 100,000 bills)
  // and the check of the journal segments the snapshot holds would otherwise delay the line above.
  store.startMaintenance();
  // The sync starts once bills are accepted: connecting to DynamoDB (or starting the embedded
  // store) and scanning the journal for unconfirmed bills must not delay the tills. It never
  // throws for DynamoDB trouble; health says what is wrong meanwhile.
  exporter?.start(config.exports.intervalSeconds);
  void sync.start().catch((error: Error) => {
    logger.error('DynamoDB sync could not start; bills are kept locally', { error });
  });
}

/**
 * An empty DATA_DIR is rebuilt from DynamoDB before the relay listens (sync/rebuild-on-empty.ts).
 * When DynamoDB cannot be read, the relay starts anyway: taking the tills' bills matters more,
 * and `recover-from-dynamodb` can fill the days in later.
 */
async function restoreEmptyDataDir(
  config: RelayConfig,
  store: DurableBillStore,
  logger: Logger,
  now: () => Date,
): Promise<void> {
  const started = Date.now();
  try {
    const restored = await rebuildOnEmpty({
      store,
      dataDir: config.dataDir,
      timeZone: config.timeZone,
      retentionDays: config.cleanup.retentionDays,
      lookbackDays: config.recovery.lookbackDays,
      settings: config.sync,
      logger,
      now,
    });
    if (!restored) return;
    logger.info(
      `restored ${restored.bills} bill(s) of ${restored.daysWithBills} day(s) from DynamoDB into the empty DATA_DIR`,
      {
        days: restored.dates.length,
        from: restored.dates[0],
        to: restored.dates.at(-1),
        skipped: restored.skipped.length,
        zs: restored.zs,
        cashMoves: restored.cashMoves,
        highestNumbers: [...restored.highestNumbers]
          .map(([tillId, number]) => `${tillId}:${number}`)
          .join(' '),
        ms: Date.now() - started,
      },
    );
    for (const skipped of restored.skipped)
      logger.warn('a DynamoDB item was not restored', { ...skipped });
  } catch (error) {
    if ((error as { code?: string }).code === 'table-missing') return;
    logger.error(
      'could not restore the empty DATA_DIR from DynamoDB; starting empty (run recover-from-dynamodb later)',
      { error },
    );
  }
}

function installCrashHandlers(logger: Logger): void {
  // A bug must not leave a half-alive relay: log one line and exit. Acknowledged bills are in
  // the journal already, and the supervisor (or the person) starts the relay again.
  process.on('uncaughtException', (error) => {
    logger.error('crashed', { error, at: error.stack?.split('\n')[1]?.trim() });
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.error('crashed on an unhandled rejection', { error: reason as Error });
    process.exit(1);
  });
}
