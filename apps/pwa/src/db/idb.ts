// The one door to IndexedDB: every read and write of the till goes through TillDb. It strips
// Vue proxies before a put (IndexedDB cannot clone a Proxy) and hands every failure to one
// injected handler before rethrowing, so the UI can tell the cashier (quota, disk, blocked).
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { toRaw } from 'vue';
import type { BillRecord, KvKey, KvValues } from './records.js';
import { DB_NAME, MIGRATIONS, type Migration, type StoreName, type TillSchema } from './schema.js';

export type DbErrorHandler = (error: unknown, context: string) => void;
export type Durability = 'strict' | 'relaxed' | 'default';

type Key<S extends StoreName> = TillSchema[S]['key'];
type Value<S extends StoreName> = TillSchema[S]['value'];

export interface OpenOptions {
  name?: string;
  onError: DbErrorHandler;
  migrations?: readonly Migration[];
  /** Another tab or the service worker wants a newer schema: we must let go. */
  onVersionChange?: () => void;
}

/** A deep copy without Vue proxies: what IndexedDB's structured clone can store. */
export function plain<T>(value: T): T {
  const raw = toRaw(value) as unknown;
  if (Array.isArray(raw)) return raw.map((item) => plain(item)) as T;
  if (raw !== null && typeof raw === 'object' && Object.getPrototypeOf(raw) === Object.prototype) {
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(raw)) copy[key] = plain(inner);
    return copy as T;
  }
  return raw as T;
}

/** The operations available inside one transaction (see TillDb.transact). */
export interface TillTx<S extends StoreName> {
  get<T extends S>(store: T, key: Key<T>): Promise<Value<T> | undefined>;
  getAll<T extends S>(store: T): Promise<Value<T>[]>;
  put<T extends S>(store: T, value: Value<T>, key?: Key<T>): Promise<void>;
  delete<T extends S>(store: T, key: Key<T>): Promise<void>;
}

export class TillDb {
  private constructor(
    private readonly db: IDBPDatabase<TillSchema>,
    private readonly onError: DbErrorHandler,
  ) {}

  static async open(options: OpenOptions): Promise<TillDb> {
    const migrations = options.migrations ?? MIGRATIONS;
    const target = migrations.length;
    try {
      const db = await openDB<TillSchema>(options.name ?? DB_NAME, target, {
        upgrade(database, oldVersion, _newVersion, tx) {
          for (const migration of migrations) {
            if (migration.version > oldVersion) migration.up(database, tx);
          }
        },
        blocking() {
          // Close so the newer version can open; this copy of the app must reload.
          db.close();
          options.onVersionChange?.();
        },
      });
      return new TillDb(db, options.onError);
    } catch (error) {
      options.onError(error, 'open');
      throw error;
    }
  }

  get name(): string {
    return this.db.name;
  }

  get version(): number {
    return this.db.version;
  }

  get<S extends StoreName>(store: S, key: Key<S>): Promise<Value<S> | undefined> {
    return this.guard(`get ${store}`, () => this.db.get(store, key));
  }

  getAll<S extends StoreName>(store: S, query?: IDBKeyRange): Promise<Value<S>[]> {
    return this.guard(`getAll ${store}`, () => this.db.getAll(store, query));
  }

  billsOfDay(day: string): Promise<Value<'bills'>[]> {
    return this.guard('bills of day', () => this.db.getAllFromIndex('bills', 'byDay', day));
  }

  billsBefore(day: string): Promise<Value<'bills'>[]> {
    return this.guard('bills before day', () =>
      this.db.getAllFromIndex('bills', 'byDay', IDBKeyRange.upperBound(day, true)),
    );
  }

  billsAt(location: BillRecord['location']): Promise<Value<'bills'>[]> {
    return this.guard('bills at location', () =>
      this.db.getAllFromIndex('bills', 'byLocation', location),
    );
  }

  count(store: StoreName): Promise<number> {
    return this.guard(`count ${store}`, () => this.db.count(store));
  }

  async put<S extends StoreName>(
    store: S,
    value: Value<S>,
    options: { key?: Key<S>; durability?: Durability } = {},
  ): Promise<void> {
    await this.transact([store], (tx) => tx.put(store, value, options.key), {
      durability: options.durability ?? 'default',
    });
  }

  async delete<S extends StoreName>(store: S, key: Key<S>): Promise<void> {
    await this.guard(`delete ${store}`, () => this.db.delete(store, key));
  }

  async kvGet<K extends KvKey>(key: K): Promise<KvValues[K] | undefined> {
    return (await this.get('kv', key)) as KvValues[K] | undefined;
  }

  kvSet<K extends KvKey>(key: K, value: KvValues[K], durability: Durability = 'default') {
    return this.put('kv', value, { key, durability });
  }

  kvDelete(key: KvKey): Promise<void> {
    return this.delete('kv', key);
  }

  /**
   * Runs `work` in one read-write transaction and resolves once the transaction has committed
   * (with durability 'strict', once the data is on disk). `work` must only await operations of
   * `tx`: awaiting anything else lets IndexedDB commit early and later calls fail.
   */
  async transact<S extends StoreName, T>(
    stores: readonly S[],
    work: (tx: TillTx<S>) => Promise<T>,
    options: { durability: Durability },
  ): Promise<T> {
    return this.guard(`transaction ${stores.join('+')}`, async () => {
      const tx = this.db.transaction(stores as S[], 'readwrite', {
        durability: options.durability,
      });
      try {
        const result = await work(wrapTransaction(tx));
        await tx.done;
        return result;
      } catch (error) {
        abortQuietly(tx);
        // tx.done rejects too once aborted; swallow that echo, report the cause.
        await tx.done.catch(() => undefined);
        throw error;
      }
    });
  }

  /** Read-only snapshot across stores, e.g. for consistent counts. */
  async read<S extends StoreName, T>(
    stores: readonly S[],
    work: (tx: Pick<TillTx<S>, 'get' | 'getAll'>) => Promise<T>,
  ): Promise<T> {
    return this.guard(`read ${stores.join('+')}`, async () => {
      const tx = this.db.transaction(stores as S[], 'readonly');
      const result = await work(wrapTransaction(tx as unknown as AnyTx<S>));
      await tx.done;
      return result;
    });
  }

  close(): void {
    this.db.close();
  }

  private async guard<T>(context: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      this.onError(error, context);
      throw error;
    }
  }
}

type AnyTx<S extends StoreName> = IDBPTransaction<TillSchema, S[], 'readwrite'>;

function wrapTransaction<S extends StoreName>(tx: AnyTx<S>): TillTx<S> {
  return {
    get: (store, key) => tx.objectStore(store).get(key),
    getAll: (store) => tx.objectStore(store).getAll(),
    put: async (store, value, key) => {
      await tx.objectStore(store).put(plain(value), key);
    },
    delete: (store, key) => tx.objectStore(store).delete(key),
  };
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already committed or aborted: nothing left to undo.
  }
}
