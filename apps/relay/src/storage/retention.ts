// Which journal segments may be deleted. A segment goes only when nothing could ever need it:
// - the snapshot covers it (recovery starts after it),
// - the newest backup in every BACKUP_DIRS folder covers it (a corrupt snapshot is rebuilt
//   from a backup plus the journal after it),
// - DynamoDB confirms every bill in it (the sync engine's watermark).
// Only a prefix of the journal goes, so what remains is always contiguous.
import type { SegmentState } from './journal-writer.js';

export interface RetentionInputs {
  snapshotLsn: number;
  /** Per BACKUP_DIRS folder, the LSN of its newest verified backup (0: none yet). */
  backupLsns: readonly number[];
  /** Every bill record with LSN <= this is confirmed in DynamoDB. */
  confirmedLsn: number;
}

export function deletableSegments(
  segments: readonly SegmentState[],
  { snapshotLsn, backupLsns, confirmedLsn }: RetentionInputs,
): SegmentState[] {
  const covered = Math.min(snapshotLsn, confirmedLsn, ...backupLsns);
  const result: SegmentState[] = [];
  // The last segment is the active one: never deleted.
  for (const segment of segments.slice(0, -1)) {
    if (segment.lastLsn !== undefined && segment.lastLsn > covered) break;
    result.push(segment);
  }
  return result;
}
