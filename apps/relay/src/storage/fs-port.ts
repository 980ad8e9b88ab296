// The file-system operations the storage engine needs, as a small port. Production uses
// nodeStorageFs; tests wrap it to count fsyncs or to fail a write with ENOSPC / EIO.
import { constants } from 'node:fs';
import { open, mkdir, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';

export interface WritableFile {
  /** Writes every byte, at `position` or, without one, after the previous write. */
  write(data: Uint8Array, position?: number): Promise<void>;
  /** fdatasync: the data and the size are on disk when it resolves. */
  datasync(): Promise<void>;
  /** fsync: data and all metadata. */
  sync(): Promise<void>;
  /** Cuts the file to `size`; later writes without a position continue from there. */
  truncate(size: number): Promise<void>;
  close(): Promise<void>;
}

export interface StorageFs {
  /** Opens (creating if absent) for appending at the end. */
  openForAppend(path: string): Promise<WritableFile>;
  /** Creates or empties a file for writing from offset 0. */
  /** `mode`: the new file's permissions (0o644 unless said; 0o600 for secrets). */
  openForWrite(path: string, mode?: number): Promise<WritableFile>;
  readFile(path: string): Promise<Buffer>;
  /** Entry names; a missing directory throws ENOENT. */
  readdir(path: string): Promise<string[]>;
  mkdirp(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Makes created, renamed and deleted entries of a directory durable. */
  syncDir(path: string): Promise<void>;
  size(path: string): Promise<number>;
}

class NodeWritableFile implements WritableFile {
  private offset: number;

  constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    initialOffset: number,
  ) {
    this.offset = initialOffset;
  }

  async write(data: Uint8Array, position?: number): Promise<void> {
    let at = position ?? this.offset;
    let done = 0;
    // write(2) may write fewer bytes than asked (e.g. near a full disk): loop until all are written
    // or it throws.
    while (done < data.length) {
      const { bytesWritten } = await this.handle.write(data, done, data.length - done, at);
      if (bytesWritten === 0)
        throw Object.assign(new Error('write wrote 0 bytes'), { code: 'EIO' });
      done += bytesWritten;
      at += bytesWritten;
    }
    if (position === undefined) this.offset = at;
  }

  datasync(): Promise<void> {
    return this.handle.datasync();
  }

  sync(): Promise<void> {
    return this.handle.sync();
  }

  async truncate(size: number): Promise<void> {
    await this.handle.truncate(size);
    this.offset = size;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

export const nodeStorageFs: StorageFs = {
  async openForAppend(path) {
    // Not O_APPEND: Linux ignores pwrite positions on O_APPEND files. We track the end ourselves.
    const handle = await open(path, constants.O_RDWR | constants.O_CREAT, 0o644);
    const { size } = await handle.stat();
    return new NodeWritableFile(handle, size);
  },
  async openForWrite(path, mode = 0o644) {
    const handle = await open(path, 'w', mode);
    return new NodeWritableFile(handle, 0);
  },
  readFile: (path) => readFile(path),
  readdir: (path) => readdir(path),
  async mkdirp(path) {
    await mkdir(path, { recursive: true });
  },
  rename: (from, to) => rename(from, to),
  unlink: (path) => unlink(path),
  async syncDir(path) {
    const handle = await open(path, constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  async size(path) {
    return (await stat(path)).size;
  },
};
