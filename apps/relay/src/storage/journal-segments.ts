// Journal segment files: DATA_DIR/journal/<first LSN, 16 digits>.journal, in LSN order.
import { join } from 'node:path';
import { errnoCode } from './errors.js';
import type { StorageFs } from './fs-port.js';

export const JOURNAL_DIR = 'journal';
const SEGMENT_NAME = /^(\d{16})\.journal$/;

export interface SegmentFile {
  path: string;
  /** From the file name: the LSN of its first record. */
  firstLsn: number;
}

export function segmentFileName(firstLsn: number): string {
  return `${String(firstLsn).padStart(16, '0')}.journal`;
}

/** The segments of a journal directory in LSN order; none when the directory is absent. */
export async function listSegments(fs: StorageFs, journalDir: string): Promise<SegmentFile[]> {
  let names: string[];
  try {
    names = await fs.readdir(journalDir);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((name) => SEGMENT_NAME.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ path: join(journalDir, match[0]), firstLsn: Number(match[1]) }))
    .sort((a, b) => a.firstLsn - b.firstLsn);
}
