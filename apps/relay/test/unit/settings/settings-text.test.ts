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

describe('fields a settings update may not carry', () => {
  it('refuses a field that is not a setting, naming it, and changes nothing', () => {
    for (const body of [{ colour: 'red' }, JSON.parse('{"__proto__": {"shopName": "x"}}')]) {
      const result = validateSettingsUpdate({ shopName: 'Tienda', ...body });
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_setting' } });
      if (!result.ok) expect(result.error.message).toMatch(/is not a shop setting/);
    }
  });

  it('refuses the time zone with where it is changed instead', () => {
    const result = validateSettingsUpdate({ timeZone: 'UTC' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_setting', field: 'timeZone' },
    });
    if (!result.ok) expect(result.error.message).toMatch(/STORE_TIMEZONE/);
  });
});
