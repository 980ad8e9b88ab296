// Atomic file replace: a reader (or a crash) sees the old file or the new one, never half of
// one. temp file in the same folder + fsync + rename + fsync of the folder (so the rename itself
// survives power loss).
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomic(
  path: string,
  contents: string | Uint8Array,
  mode = 0o600,
  /** false: a vanished folder (an unmounted disk) is an error, not a new folder elsewhere. */
  createFolder = true,
): Promise<void> {
  const folder = dirname(path);
  if (createFolder) await mkdir(folder, { recursive: true });
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(temp, 'wx', mode);
    try {
      await file.writeFile(contents);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncFolder(folder);
}

export async function fsyncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder for fsync; there the rename is as durable as the OS makes it.
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
