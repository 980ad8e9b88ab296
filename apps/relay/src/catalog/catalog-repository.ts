// Where the catalog is kept: DATA_DIR/catalog.json, replaced atomically, plus an in-memory twin.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../storage/index.js';
import { validateCatalog, type Catalog } from './catalog.js';

export interface CatalogRepository {
  /** The stored catalog; an empty one when none was ever written. */
  read(): Promise<Catalog>;
  /** Replaces the catalog; resolves once the new one is durable. */
  replace(catalog: Catalog): Promise<void>;
}

export class CatalogFileError extends Error {
  constructor(
    readonly code: 'catalog_file_unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'CatalogFileError';
  }
}

export const CATALOG_FILE_NAME = 'catalog.json';

export class FileCatalogRepository implements CatalogRepository {
  private readonly path: string;
  /** Replacements run one at a time so the last request wins cleanly. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, CATALOG_FILE_NAME);
  }

  async read(): Promise<Catalog> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { items: [] };
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Someone edited the file by hand; refuse rather than serve half a catalog.
      throw new CatalogFileError('catalog_file_unreadable', `${this.path} is not valid JSON.`);
    }
    const validation = validateCatalog(parsed);
    if (!validation.ok) {
      throw new CatalogFileError(
        'catalog_file_unreadable',
        `${this.path} is not a valid catalog: ${validation.error.message}`,
      );
    }
    const updatedAt = (parsed as { updatedAt?: unknown }).updatedAt;
    return typeof updatedAt === 'string'
      ? { ...validation.catalog, updatedAt }
      : validation.catalog;
  }

  replace(catalog: Catalog): Promise<void> {
    const next = this.queue.then(() =>
      writeFileAtomic(this.path, stringify(catalog), 0o644, false),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function stringify(catalog: Catalog): string {
  return `${JSON.stringify(catalog, null, 2)}\n`;
}

/** In-memory twin for route tests. */
export class MemoryCatalogRepository implements CatalogRepository {
  constructor(private catalog: Catalog = { items: [] }) {}

  async read(): Promise<Catalog> {
    return structuredClone(this.catalog);
  }

  async replace(catalog: Catalog): Promise<void> {
    this.catalog = structuredClone(catalog);
  }
}
