import { describe, expect, it } from 'vitest';
import { MAX_CATALOG_ITEMS, validateCatalog } from '../../../src/catalog/catalog.js';

const coffee = { id: 'SKU-1', name: 'Coffee', price: 2500 };

describe('validateCatalog', () => {
  it('accepts a catalog, trims names and drops unknown fields', () => {
    const result = validateCatalog({
      items: [{ ...coffee, name: '  Coffee ', color: 'brown' }],
      extra: 1,
    });
    expect(result).toEqual({ ok: true, catalog: { items: [coffee] } });
  });

  it('accepts an empty catalog', () => {
    expect(validateCatalog({ items: [] })).toEqual({ ok: true, catalog: { items: [] } });
  });

  it.each([
    [[coffee], 'catalog_not_object', undefined],
    [{}, 'items_not_array', 'items'],
    [{ items: [1] }, 'item_not_object', 'items[0]'],
    [{ items: [{ ...coffee, id: 'bad id' }] }, 'item_id_invalid', 'items[0].id'],
    [{ items: [{ ...coffee, id: 'x'.repeat(65) }] }, 'item_id_invalid', 'items[0].id'],
    [{ items: [coffee, { ...coffee, name: 'Tea' }] }, 'item_id_duplicate', 'items[1].id'],
    [{ items: [{ ...coffee, name: '   ' }] }, 'item_name_invalid', 'items[0].name'],
    [{ items: [{ ...coffee, name: 'n'.repeat(81) }] }, 'item_name_invalid', 'items[0].name'],
    [{ items: [{ ...coffee, name: 'Tea\u202Eeet' }] }, 'item_name_invalid', 'items[0].name'],
    [{ items: [{ ...coffee, name: 'Tea\u0007' }] }, 'item_name_invalid', 'items[0].name'],
    [{ items: [{ ...coffee, name: 'A\u2066B' }] }, 'item_name_invalid', 'items[0].name'],
    [{ items: [{ ...coffee, price: 25.5 }] }, 'item_price_invalid', 'items[0].price'],
    [{ items: [{ ...coffee, price: -1 }] }, 'item_price_invalid', 'items[0].price'],
    [{ items: [{ ...coffee, price: '2500' }] }, 'item_price_invalid', 'items[0].price'],
    [{ items: [{ ...coffee, price: 1e13 }] }, 'item_price_invalid', 'items[0].price'],
  ])('rejects %j with %s', (input, code, field) => {
    const result = validateCatalog(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.field).toBe(field);
    expect(result.error.message.length).toBeGreaterThan(10);
  });

  it('rejects more items than a till can show', () => {
    const items = Array.from({ length: MAX_CATALOG_ITEMS + 1 }, (_, i) => ({
      id: `SKU-${i}`,
      name: `Item ${i}`,
      price: i,
    }));
    const result = validateCatalog({ items });
    expect(result.ok ? null : result.error.code).toBe('too_many_items');
  });
});
