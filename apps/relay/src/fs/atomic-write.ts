// Atomic file replace for the relay's small files (tokens, catalog, settings, sync state): the
// storage engine's one atomic writer (storage/atomic-file.ts: temp file, fsync, rename, fsync of
// the folder), through its file-system port, with the file's permissions (0o600 by default:
// some of these files hold secrets).
import { dirname } from 'node:path';
import { writeFileAtomically } from '../storage/atomic-file.js';
import { nodeStorageFs, type StorageFs } from '../storage/fs-port.js';

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
