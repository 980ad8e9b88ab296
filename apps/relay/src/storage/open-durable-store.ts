// Opening the durable store: lock DATA_DIR, recover the state, resume the journal.
import { join } from 'node:path';
import { TEMP_MARKER } from './atomic-file.js';
import { listBackupsOrNone } from './backups.js';
import { lockDataDir } from './data-dir-lock.js';
import { DurableBillStore } from './durable-bill-store.js';
import { JOURNAL_DIR } from './journal-segments.js';
import { JournalWriter } from './journal-writer.js';
import { SnapshotScheduler } from './snapshot-scheduler.js';
import { recoverState } from './recovery.js';
import { SNAPSHOT_FILE } from './snapshot-file.js';
import { resolveStoreOptions, type DurableStoreOptions } from './store-options.js';

/**
 * Opens (or creates) the store in `dataDir`. Rejects with a StorageError whose message says
 * what to do when the data cannot be trusted (damaged journal, unrecoverable snapshot, ...).
 */
export async function openDurableBillStore(input: DurableStoreOptions): Promise<DurableBillStore> {
  const options = resolveStoreOptions(input);
  const { fs, dataDir, storeId, backupDirs } = options;
  const journalDir = join(dataDir, JOURNAL_DIR);
  await fs.mkdirp(journalDir);
  // A freshly made journal/ must survive a power cut along with the records put in it.
  await fs.syncDir(dataDir);
  const lock = await lockDataDir(dataDir);
  try {
    await removeTempFiles(options.fs, dataDir);
    const recovered = await recoverState({ ...options, backupDirs });
    const writer = new JournalWriter({
      fs,
      journalDir,
      existing: recovered.segments.map((segment) => ({
        path: segment.path,
        firstLsn: segment.firstLsn,
        lastLsn: segment.lastLsn,
        size: segment.goodEnd,
      })),
      nextLsn: recovered.state.lsn + 1,
      segmentBytes: options.segmentBytes,
    });
    const backupLsns = new Map<string, number>();
    for (const dir of backupDirs) {
      const newest = (await listBackupsOrNone(fs, dir, storeId, options.logger)).at(-1);
      backupLsns.set(dir, newest?.lsn ?? 0);
    }
    const snapshots = new SnapshotScheduler(
      options,
      recovered.state,
      writer,
      recovered.snapshotLsn,
      backupLsns,
    );
    const store = new DurableBillStore(options, recovered.state, writer, snapshots, lock, () => {
      snapshots.start();
      void snapshots.checkUnreadSegments(recovered.segments);
    });
    if (!options.deferMaintenance) store.startMaintenance();
    return store;
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Temp files of a snapshot write interrupted by a crash: never complete, never needed. */
async function removeTempFiles(fs: DurableStoreOptions['fs'] & object, dataDir: string) {
  for (const name of await fs.readdir(dataDir)) {
    if (name.startsWith(`${SNAPSHOT_FILE}${TEMP_MARKER}`)) await fs.unlink(join(dataDir, name));
  }
}
