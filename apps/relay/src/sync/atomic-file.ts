// Atomic file replace: write a temp file, fsync it, rename it over the target, fsync the folder.
// A crash at any point leaves either the old file or the new one, never a torn mix.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let counter = 0;

export async function writeFileAtomic(path: string, contents: string): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  counter += 1;
  const temp = join(folder, `.${basename(path)}.${process.pid}.${counter}.tmp`);
  try {
    const file = await open(temp, 'w');
    try {
      await file.writeFile(contents, 'utf8');
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

async function fsyncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
