// DATA_DIR/tills.json: paired tills with hashed tokens, replaced atomically on every change.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../storage/index.js';
import { MemoryTillRepository, type TillRecord } from './till-repository.js';

export const TILLS_FILE = 'tills.json';
const SCHEMA_VERSION = 1;

interface TillsFile {
  schemaVersion: number;
  tills: TillRecord[];
}

export class FileTillRepository extends MemoryTillRepository {
  /** Writes one after another, so an older list never overwrites a newer one. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    tills: TillRecord[],
  ) {
    super(tills);
  }

  static async open(path: string): Promise<FileTillRepository> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return new FileTillRepository(path, []);
      throw error;
    }
    return new FileTillRepository(path, parseTillsFile(text, path));
  }

  protected override persist(): Promise<void> {
    const contents: TillsFile = { schemaVersion: SCHEMA_VERSION, tills: this.list() };
    const text = `${JSON.stringify(contents, null, 2)}\n`;
    const write = this.writing.then(() => writeFileAtomic(this.path, text));
    // A failed write must not block later ones; the caller of this write still sees the error.
    this.writing = write.catch(() => undefined);
    return write;
  }
}

/**
 * The file is written atomically, so damage means a disk problem or a hand edit: refuse to start
 * rather than silently un-pair every till (or accept a token nobody issued).
 */
export function parseTillsFile(text: string, path: string): TillRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(
      `${path} is not valid JSON; restore it from a backup or delete it to re-pair tills`,
    );
  }
  const file = parsed as Partial<TillsFile>;
  if (file.schemaVersion !== SCHEMA_VERSION || !Array.isArray(file.tills)) {
    throw new Error(`${path} has an unknown format (schemaVersion ${String(file.schemaVersion)})`);
  }
  for (const till of file.tills) {
    const ok =
      typeof till?.tillId === 'string' &&
      typeof till.name === 'string' &&
      typeof till.tokenHash === 'string' &&
      /^[0-9a-f]{64}$/.test(till.tokenHash) &&
      typeof till.pairedAt === 'string' &&
      (till.revokedAt === null || typeof till.revokedAt === 'string');
    if (!ok) throw new Error(`${path} holds a malformed till entry`);
  }
  return file.tills;
}
