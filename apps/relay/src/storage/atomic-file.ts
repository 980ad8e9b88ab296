// Atomic file replacement: readers see the old file or the new one, never a mix, even after a
// power cut. Temp file in the same directory, fsync, rename over the target, fsync the directory
// (without the last step the rename itself may be lost).
import { basename, dirname, join } from 'node:path';
import { nodeStorageFs, type StorageFs, type WritableFile } from './fs-port.js';

let tempCounter = 0;

/** Name of a temp file next to `path`; recovery ignores and removes names with this marker. */
export function tempPathFor(path: string): string {
  tempCounter += 1;
  return join(dirname(path), `${basename(path)}${TEMP_MARKER}${process.pid}-${tempCounter}`);
}

export const TEMP_MARKER = '.tmp-';

/** Replaces `path` with what `fill` writes into the temp file it is given (made with `mode`). */
export async function replaceFileAtomically(
  fs: StorageFs,
  path: string,
  fill: (file: WritableFile) => Promise<void>,
  mode?: number,
): Promise<void> {
  const temp = tempPathFor(path);
  const file = await fs.openForWrite(temp, mode);
  let closed = false;
  try {
    await fill(file);
    await file.sync();
    closed = true;
    await file.close();
    await fs.rename(temp, path);
  } catch (error) {
    if (!closed) await file.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await fs.syncDir(dirname(path));
}

export function writeFileAtomically(
  fs: StorageFs,
  path: string,
  data: Uint8Array,
  mode?: number,
): Promise<void> {
  return replaceFileAtomically(fs, path, (file) => file.write(data), mode);
}

/**
 * The relay's small files (tokens, catalog, settings, sync state): creates the folder unless
 * told not to, and writes with the file's permissions (0o600 by default: some hold secrets).
 */
export async function writeFileAtomic(
  path: string,
  contents: string | Uint8Array,
  mode = 0o600,
  /** false: a vanished folder (an unmounted disk) is an error, not a new folder elsewhere. */
  createFolder = true,
  fs: StorageFs = nodeStorageFs,
): Promise<void> {
  if (createFolder) await fs.mkdirp(dirname(path));
  const data = typeof contents === 'string' ? Buffer.from(contents) : contents;
  await writeFileAtomically(fs, path, data, mode);
}
