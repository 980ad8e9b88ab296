import { describe, expect, it } from 'vitest';
import { readShopSettings, SettingsError } from '../../../src/catalog/settings.js';

describe('readShopSettings', () => {
  it('defaults to pesos in Colombian Spanish with a 500,000 threshold', () => {
    expect(readShopSettings({}, 'America/Bogota')).toEqual({
      shopName: '',
      address: '',
      taxId: '',
      currency: 'COP',
      locale: 'es-CO',
      largeAmountThreshold: 500_000,
      timeZone: 'America/Bogota',
    });
  });

  it('reads every variable', () => {
    const settings = readShopSettings({
      SHOP_NAME: ' Tienda Rosa ',
      SHOP_ADDRESS: 'Calle 10 # 5-20, Bogotá',
      SHOP_TAX_ID: 'NIT 900.123.456-7',
      CURRENCY: 'usd',
      LOCALE: 'en-US',
      LARGE_AMOUNT_THRESHOLD: '100000',
      STORE_TIMEZONE: 'America/New_York',
    });
    expect(settings).toEqual({
      shopName: 'Tienda Rosa',
      address: 'Calle 10 # 5-20, Bogotá',
      taxId: 'NIT 900.123.456-7',
      currency: 'USD',
      locale: 'en-US',
      largeAmountThreshold: 100_000,
      timeZone: 'America/New_York',
    });
  });

  it.each([
    [{ LARGE_AMOUNT_THRESHOLD: '500.000' }, 'invalid_large_amount_threshold'],
    [{ LARGE_AMOUNT_THRESHOLD: '-5' }, 'invalid_large_amount_threshold'],
    [{ LARGE_AMOUNT_THRESHOLD: '0' }, 'invalid_large_amount_threshold'],
    [{ LARGE_AMOUNT_THRESHOLD: 'lots' }, 'invalid_large_amount_threshold'],
    [{ CURRENCY: 'pesos' }, 'invalid_currency'],
    [{ LOCALE: 'not a locale!' }, 'invalid_locale'],
  ])('refuses %j', (env, code) => {
    let thrown: unknown;
    try {
      readShopSettings(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SettingsError);
    expect((thrown as SettingsError).code).toBe(code);
  });
});
