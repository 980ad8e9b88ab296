// Where one-time pairing codes live until used or expired. The file implementation keeps one
// file per code under DATA_DIR/pairing-codes/, named by the code's hash: `node dist/main.js pair`
// (another process) adds a file the running relay finds on the next attempt, and deleting the
// file is what uses the code up, so two attempts can never both win.
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../storage/index.js';

export interface PairingCodeRepository {
  save(codeHash: string, expiresAt: Date): Promise<void>;
  /** Removes the code and returns its expiry; undefined when absent or already taken. */
  take(codeHash: string): Promise<Date | undefined>;
  /** Deletes expired codes; returns how many. */
  removeExpired(now: Date): Promise<number>;
}

export class MemoryPairingCodeRepository implements PairingCodeRepository {
  readonly codes = new Map<string, Date>();

  async save(codeHash: string, expiresAt: Date): Promise<void> {
    this.codes.set(codeHash, expiresAt);
  }

  async take(codeHash: string): Promise<Date | undefined> {
    const expiresAt = this.codes.get(codeHash);
    this.codes.delete(codeHash);
    return expiresAt;
  }

  async removeExpired(now: Date): Promise<number> {
    let removed = 0;
    for (const [hash, expiresAt] of this.codes) {
      if (expiresAt <= now) removed += Number(this.codes.delete(hash));
    }
    return removed;
  }
}

export const PAIRING_CODES_DIR = 'pairing-codes';
const HASH = /^[0-9a-f]{64}$/;

export class FilePairingCodeRepository implements PairingCodeRepository {
  constructor(private readonly folder: string) {}

  async save(codeHash: string, expiresAt: Date): Promise<void> {
    const body = JSON.stringify({ schemaVersion: 1, expiresAt: expiresAt.toISOString() });
    await writeFileAtomic(this.pathOf(codeHash), `${body}\n`);
  }

  async take(codeHash: string): Promise<Date | undefined> {
    const path = this.pathOf(codeHash);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
      // unlink succeeds for exactly one caller: that caller has used the code.
      await unlink(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return expiryOf(text);
  }

  async removeExpired(now: Date): Promise<number> {
    await mkdir(this.folder, { recursive: true });
    let removed = 0;
    for (const name of await readdir(this.folder)) {
      if (!name.endsWith('.json') || !HASH.test(name.slice(0, -5))) continue;
      const path = join(this.folder, name);
      try {
        const expiresAt = expiryOf(await readFile(path, 'utf8'));
        if (!expiresAt || expiresAt <= now) {
          await unlink(path);
          removed += 1;
        }
      } catch {
        // Taken meanwhile, or unreadable: neither stops start-up.
      }
    }
    return removed;
  }

  private pathOf(codeHash: string): string {
    // Hashes are ours (sha256 hex), never user text; the check keeps that true.
    if (!HASH.test(codeHash)) throw new Error('pairing code hash must be sha256 hex');
    return join(this.folder, `${codeHash}.json`);
  }
}

function expiryOf(text: string): Date | undefined {
  try {
    const { expiresAt } = JSON.parse(text) as { expiresAt?: unknown };
    const date = typeof expiresAt === 'string' ? new Date(expiresAt) : undefined;
    return date && !Number.isNaN(date.getTime()) ? date : undefined;
  } catch {
    return undefined;
  }
}
