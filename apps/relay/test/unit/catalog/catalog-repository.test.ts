import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CatalogFileError,
  FileCatalogRepository,
} from '../../../src/catalog/catalog-repository.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'caja-catalog-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('FileCatalogRepository', () => {
  it('reads an empty catalog when the file does not exist', async () => {
    expect(await new FileCatalogRepository(dataDir).read()).toEqual({ items: [] });
  });

  it('writes catalog.json and reads it back, leaving no temp file', async () => {
    const repository = new FileCatalogRepository(dataDir);
    const catalog = {
      items: [{ id: 'SKU-1', name: 'Café', price: 2500 }],
      updatedAt: '2026-11-27T15:00:00.000Z',
    };
    await repository.replace(catalog);
    expect(await new FileCatalogRepository(dataDir).read()).toEqual(catalog);
    expect(readdirSync(dataDir)).toEqual(['catalog.json']);
    expect(JSON.parse(readFileSync(join(dataDir, 'catalog.json'), 'utf8'))).toEqual(catalog);
  });

  it('applies concurrent replacements in order: the last one wins', async () => {
    const repository = new FileCatalogRepository(dataDir);
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        repository.replace({ items: [{ id: `SKU-${i}`, name: `Item ${i}`, price: i }] }),
      ),
    );
    expect((await repository.read()).items).toEqual([{ id: 'SKU-4', name: 'Item 4', price: 4 }]);
    expect(readdirSync(dataDir)).toEqual(['catalog.json']);
  });

  it.each([
    ['{"items": [', 'not valid JSON'],
    ['{"items": [{"id": "a", "name": "A", "price": 1.5}]}', 'not a valid catalog'],
  ])('refuses a damaged file %j', async (text, message) => {
    writeFileSync(join(dataDir, 'catalog.json'), text);
    const read = new FileCatalogRepository(dataDir).read();
    await expect(read).rejects.toBeInstanceOf(CatalogFileError);
    await expect(read).rejects.toThrow(message);
  });

  it('fails the replacement when the folder is gone, and keeps working afterwards', async () => {
    const missing = join(dataDir, 'missing');
    const repository = new FileCatalogRepository(missing);
    await expect(repository.replace({ items: [] })).rejects.toThrow();
    await expect(repository.read()).resolves.toEqual({ items: [] });
  });
});
