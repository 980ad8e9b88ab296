// Paired tills and their token hashes. The file implementation keeps them in DATA_DIR/tills.json;
// the memory twin serves tests.
export interface TillRecord {
  tillId: string;
  /** What the person pairing called it ("Counter 2"); shown when listing tills. */
  name: string;
  /** sha256 of the bearer token, hex. The token itself is never stored. */
  tokenHash: string;
  pairedAt: string;
  revokedAt: string | null;
}

export interface TillRepository {
  findByTokenHash(tokenHash: string): TillRecord | undefined;
  find(tillId: string): TillRecord | undefined;
  list(): TillRecord[];
  /** Resolves once the till is durable; a record with a known tillId replaces it (re-pairing). */
  add(record: TillRecord): Promise<void>;
  /** Marks the till revoked (kept for the record); undefined when no such till. */
  revoke(tillId: string, at: string): Promise<TillRecord | undefined>;
  /** Gives the till a new display name; undefined when no such till. */
  rename(tillId: string, name: string): Promise<TillRecord | undefined>;
}

export class MemoryTillRepository implements TillRepository {
  protected readonly tills = new Map<string, TillRecord>();

  constructor(initial: readonly TillRecord[] = []) {
    for (const till of initial) this.tills.set(till.tillId, { ...till });
  }

  findByTokenHash(tokenHash: string): TillRecord | undefined {
    for (const till of this.tills.values()) if (till.tokenHash === tokenHash) return till;
    return undefined;
  }

  find(tillId: string): TillRecord | undefined {
    return this.tills.get(tillId);
  }

  list(): TillRecord[] {
    return [...this.tills.values()].sort((a, b) => a.pairedAt.localeCompare(b.pairedAt));
  }

  async add(record: TillRecord): Promise<void> {
    this.tills.set(record.tillId, { ...record });
    await this.persist();
  }

  async revoke(tillId: string, at: string): Promise<TillRecord | undefined> {
    const till = this.tills.get(tillId);
    if (!till) return undefined;
    if (till.revokedAt === null) {
      till.revokedAt = at;
      await this.persist();
    }
    return till;
  }

  async rename(tillId: string, name: string): Promise<TillRecord | undefined> {
    const till = this.tills.get(tillId);
    if (!till) return undefined;
    till.name = name;
    await this.persist();
    return till;
  }

  /** Memory only; the file repository writes here. */
  protected async persist(): Promise<void> {}
}
