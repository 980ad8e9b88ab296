// `main.js verify`: checks every file of DATA_DIR and BACKUP_DIRS without changing any, and
// says whether a relay could start from them without losing a bill.
import { join } from 'node:path';
import { silentLogger } from '../logging/logger.js';
import { listBackups } from './backups.js';
import { errnoCode, isStorageError } from './errors.js';
import { nodeStorageFs, type StorageFs } from './fs-port.js';
import { parsePayload, payloadHash } from './journal-record.js';
import { readJournal } from './journal-reader.js';
import { scanSegment } from './journal-scan.js';
import { JOURNAL_DIR, listSegments } from './journal-segments.js';
import { SNAPSHOT_FILE } from './snapshot-file.js';
import { parseSnapshot } from './snapshot-parse.js';

export type FileStatus = 'ok' | 'missing' | 'corrupt' | 'unsupported' | 'torn-tail' | 'damaged';

export interface SnapshotCheck {
  path: string;
  status: FileStatus;
  lsn?: number;
  writtenAt?: string;
  billCount?: number;
  dayCount?: number;
  error?: string;
}

export interface SegmentCheck {
  path: string;
  status: 'ok' | 'torn-tail' | 'damaged';
  firstLsn?: number;
  lastLsn?: number;
  records: number;
  bytes: number;
  /** Where the torn tail or damage starts. */
  offset?: number;
  error?: string;
}

export interface ChainCheck {
  checked: number;
  brokenAt?: { lsn: number; path: string; offset: number };
}

export interface Problem {
  severity: 'error' | 'warning';
  message: string;
}

export interface VerifyReport {
  /** No errors (warnings allowed). */
  ok: boolean;
  /** A relay could rebuild the full state from these files. */
  recoverable: boolean;
  snapshot: SnapshotCheck;
  journal: {
    segments: SegmentCheck[];
    firstLsn?: number;
    lastLsn?: number;
    records: number;
    /** The hash chain: records whose "prev" was checked, and the first that does not match. */
    chain: ChainCheck;
  };
  backups: (SnapshotCheck & { dir: string })[];
  problems: Problem[];
}

export interface VerifyOptions {
  dataDir: string;
  backupDirs?: readonly string[];
  storeId?: string;
  fs?: StorageFs;
}

export async function verifyDataDir(options: VerifyOptions): Promise<VerifyReport> {
  const fs = options.fs ?? nodeStorageFs;
  const problems: Problem[] = [];
  const snapshot = await checkSnapshot(fs, join(options.dataDir, SNAPSHOT_FILE));
  if (snapshot.status !== 'ok' && snapshot.status !== 'missing') {
    problems.push({ severity: 'error', message: `${snapshot.path}: ${snapshot.error}` });
  }
  const chain: ChainCheck = { checked: 0 };
  const segments = await checkJournal(
    fs,
    join(options.dataDir, JOURNAL_DIR),
    problems,
    snapshot.lsn ?? 0,
    chain,
  );
  const backups = [];
  for (const dir of options.backupDirs ?? []) {
    for (const file of await listBackups(fs, dir, options.storeId ?? 'store-1')) {
      const check = { dir, ...(await checkSnapshot(fs, file.path)) };
      if (check.status !== 'ok')
        problems.push({ severity: 'error', message: `${file.path}: ${check.error}` });
      backups.push(check);
    }
  }
  const withRecords = segments.filter((segment) => segment.firstLsn !== undefined);
  const firstLsn = withRecords[0]?.firstLsn;
  const lastLsn = withRecords.at(-1)?.lastLsn;
  const journalSound = !segments.some((segment) => segment.status === 'damaged');
  const connects = (lsn: number) => firstLsn === undefined || firstLsn <= lsn + 1;
  const bases = [
    ...(snapshot.status === 'ok' ? [snapshot.lsn!] : []),
    ...backups.filter((backup) => backup.status === 'ok').map((backup) => backup.lsn!),
    ...(firstLsn === 1 || (firstLsn === undefined && snapshot.status === 'missing') ? [0] : []),
  ];
  // Damage only in records the snapshot holds: the relay starts from the snapshot (with a
  // warning), so the state is recoverable though the journal is not sound.
  const coveredDamageOnly =
    !journalSound &&
    snapshot.status === 'ok' &&
    connects(snapshot.lsn!) &&
    (await readsPastCoveredDamage(fs, join(options.dataDir, JOURNAL_DIR), snapshot.lsn!));
  const recoverable = (journalSound && bases.some(connects)) || coveredDamageOnly;
  if (coveredDamageOnly) {
    problems.push({
      severity: 'warning',
      message:
        `The damaged journal records are all in the snapshot (LSN ${snapshot.lsn}): the relay ` +
        'starts from it and skips them; the state is recoverable.',
    });
  }
  if (!recoverable) {
    problems.push({
      severity: 'error',
      message: 'No snapshot or backup plus the journal can rebuild the full state.',
    });
  }
  if (snapshot.status === 'ok' && !connects(snapshot.lsn!)) {
    problems.push({
      severity: 'error',
      message: `The snapshot covers LSN ${snapshot.lsn} but the journal starts at LSN ${firstLsn}.`,
    });
  }
  return {
    ok: !problems.some((problem) => problem.severity === 'error'),
    recoverable,
    snapshot,
    journal: {
      segments,
      firstLsn,
      lastLsn,
      records: segments.reduce((sum, segment) => sum + segment.records, 0),
      chain,
    },
    backups,
    problems,
  };
}

async function checkSnapshot(fs: StorageFs, path: string): Promise<SnapshotCheck> {
  try {
    const snapshot = parseSnapshot(await fs.readFile(path));
    const { lsn, writtenAt, billCount } = snapshot;
    return { path, status: 'ok', lsn, writtenAt, billCount, dayCount: snapshot.days.length };
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { path, status: 'missing' };
    const status = isStorageError(error, 'UNSUPPORTED_FORMAT') ? 'unsupported' : 'corrupt';
    return { path, status, error: error instanceof Error ? error.message : String(error) };
  }
}

async function checkJournal(
  fs: StorageFs,
  journalDir: string,
  problems: Problem[],
  snapshotLsn: number,
  chain: ChainCheck,
): Promise<SegmentCheck[]> {
  const files = await listSegments(fs, journalDir);
  const checks: SegmentCheck[] = [];
  let previousLast: number | undefined;
  // Each record's "prev" must be the SHA-256 of the record before it (journal-record.ts).
  let previous: { lsn: number; hash: string } | undefined;
  for (const [index, file] of files.entries()) {
    const bytes = await fs.readFile(file.path);
    let unreadable: string | undefined;
    const scan = scanSegment(bytes, (lsn, start, end) => {
      try {
        const record = parsePayload(bytes.toString('utf8', start, end));
        if (record.prev !== undefined && previous?.lsn === lsn - 1) {
          chain.checked += 1;
          if (record.prev !== previous.hash && !chain.brokenAt) {
            chain.brokenAt = { lsn, path: file.path, offset: start - 8 };
            problems.push({
              severity: 'error',
              message:
                `${file.path}: the hash chain breaks at record LSN ${lsn} (offset ${start - 8}): ` +
                `its "prev" is not the SHA-256 of record LSN ${lsn - 1}, so record ${lsn - 1} ` +
                'was changed, or records were removed or inserted, after they were written.',
            });
          }
        }
        previous = { lsn, hash: payloadHash(bytes.subarray(start, end)) };
      } catch (error) {
        unreadable ??= `record LSN ${lsn} at offset ${start - 8}: ${(error as Error).message}`;
      }
    });
    const check: SegmentCheck = {
      path: file.path,
      status: 'ok',
      firstLsn: scan.firstLsn,
      lastLsn: scan.lastLsn,
      records: scan.records,
      bytes: bytes.length,
    };
    const isLast = index === files.length - 1;
    if (scan.problem) {
      const torn = scan.problem.kind === 'torn' && isLast;
      check.status = torn ? 'torn-tail' : 'damaged';
      check.offset = scan.problem.offset;
      check.error = scan.problem.reason;
      problems.push({
        severity: torn ? 'warning' : 'error',
        message: torn
          ? `${file.path}: torn last record at offset ${check.offset} (${check.error}); the relay cuts it off at start-up.`
          : `${file.path}: damaged at offset ${check.offset} (${check.error}).`,
      });
    }
    if (unreadable) {
      check.status = 'damaged';
      check.error = unreadable;
      problems.push({ severity: 'error', message: `${file.path}: ${unreadable}` });
    }
    if (scan.firstLsn !== undefined && scan.firstLsn !== file.firstLsn) {
      check.status = 'damaged';
      problems.push({
        severity: 'error',
        message: `${file.path}: named for LSN ${file.firstLsn} but starts at LSN ${scan.firstLsn}.`,
      });
    }
    if (
      scan.firstLsn !== undefined &&
      previousLast !== undefined &&
      scan.firstLsn !== previousLast + 1
    ) {
      // A gap the snapshot covers is harmless: it appears when a lost tail was already saved.
      const covered = scan.firstLsn - 1 <= snapshotLsn;
      problems.push({
        severity: covered ? 'warning' : 'error',
        message: `LSNs jump from ${previousLast} to ${scan.firstLsn} at ${file.path}${covered ? ' (covered by the snapshot)' : ''}.`,
      });
    }
    previousLast = scan.lastLsn ?? previousLast;
    checks.push(check);
  }
  return checks;
}

/** True when the journal reads to its end once damage in records up to `coveredLsn` is skipped. */
async function readsPastCoveredDamage(
  fs: StorageFs,
  journalDir: string,
  coveredLsn: number,
): Promise<boolean> {
  return readJournal(fs, journalDir, {
    repair: false,
    logger: silentLogger,
    visit: () => {},
    coveredLsn,
  })
    .then(() => true)
    .catch(() => false);
}

/** The report as lines for a person (the CLI prints this). */
export function formatVerifyReport(report: VerifyReport): string {
  const lines = [
    `verify: ${report.ok ? 'OK' : 'PROBLEMS FOUND'}${report.recoverable ? '' : ' (state NOT recoverable)'}`,
    `snapshot ${report.snapshot.path}: ${report.snapshot.status}` +
      (report.snapshot.status === 'ok'
        ? ` (LSN ${report.snapshot.lsn}, ${report.snapshot.billCount} bills, ${report.snapshot.dayCount} days, written ${report.snapshot.writtenAt})`
        : ''),
    `journal: ${report.journal.segments.length} segments, ${report.journal.records} records, LSN ${report.journal.firstLsn ?? '-'}..${report.journal.lastLsn ?? '-'}`,
    `hash chain: ${report.journal.chain.checked} links checked${report.journal.chain.brokenAt ? `, BROKEN at LSN ${report.journal.chain.brokenAt.lsn}` : ''}`,
    ...report.journal.segments.map(
      (s) =>
        `  ${s.path}: ${s.status}, ${s.records} records, LSN ${s.firstLsn ?? '-'}..${s.lastLsn ?? '-'}, ${s.bytes} bytes`,
    ),
    `backups: ${report.backups.length}`,
    ...report.backups.map(
      (b) => `  ${b.path}: ${b.status}${b.lsn !== undefined ? ` (LSN ${b.lsn})` : ''}`,
    ),
    ...report.problems.map((p) => `${p.severity.toUpperCase()}: ${p.message}`),
  ];
  return lines.join('\n');
}
