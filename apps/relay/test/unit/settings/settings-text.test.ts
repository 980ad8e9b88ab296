import { describe, expect, it } from 'vitest';
import { validateSettingsUpdate } from '../../../src/settings/index.js';

describe('settings text printed on receipts', () => {
  it.each([
    ['shopName', 'Tienda\u202Eesor'],
    ['address', 'Calle 1\u0007'],
    ['taxId', '900\u2066123'],
    ['shopName', 'Tienda\nRosa'],
  ])('refuses control or text-direction characters in %s, naming it', (field, value) => {
    const result = validateSettingsUpdate({ [field]: value });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.field).toBe(field);
    expect(result.error.message).toMatch(
      new RegExp(`^${field} must not hold control or text-direction characters`),
    );
  });

  it('accepts text in any script', () => {
    expect(validateSettingsUpdate({ shopName: 'Panadería Ñandú — قهوة' }).ok).toBe(true);
  });
});
