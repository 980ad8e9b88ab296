// The shop settings the tills need: receipt header, currency, locale, confirmation threshold.
import type { MinorUnits } from '@caja/models';

export interface ShopSettings {
  shopName: string;
  address: string;
  taxId: string;
  /** ISO 4217 code, e.g. COP. */
  currency: string;
  /** BCP 47 tag, e.g. es-CO. */
  locale: string;
  /** A line at or above this amount asks the cashier to confirm (typo guard). */
  largeAmountThreshold: MinorUnits;
  /** IANA zone of the business day, so tills group bills by the same day as the relay. */
  timeZone: string;
}

export const DEFAULT_LARGE_AMOUNT_THRESHOLD = 500_000;

export class SettingsError extends Error {
  constructor(
    readonly code: 'invalid_large_amount_threshold' | 'invalid_currency' | 'invalid_locale',
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

/**
 * Reads the settings from the environment. A misconfigured value stops the relay at start-up
 * (SettingsError) instead of reaching every till.
 */
export function readShopSettings(
  env: Record<string, string | undefined>,
  hostTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone,
): ShopSettings {
  const currency = (env.CURRENCY ?? 'COP').trim().toUpperCase();
  // The tills format every amount with Intl; an unknown code would throw there.
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new SettingsError(
      'invalid_currency',
      `CURRENCY must be an ISO 4217 code, not "${currency}".`,
    );
  }
  const locale = (env.LOCALE ?? 'es-CO').trim();
  try {
    new Intl.NumberFormat(locale);
  } catch {
    throw new SettingsError(
      'invalid_locale',
      `LOCALE must be a language tag such as es-CO, not "${locale}".`,
    );
  }
  const thresholdText = env.LARGE_AMOUNT_THRESHOLD?.trim();
  const threshold =
    thresholdText === undefined || thresholdText === ''
      ? DEFAULT_LARGE_AMOUNT_THRESHOLD
      : Number(thresholdText);
  // Minor units are integers; "500.000" or "5e5.5" would silently mean something else.
  if (!Number.isSafeInteger(threshold) || threshold <= 0 || !/^\d*$/.test(thresholdText ?? '')) {
    throw new SettingsError(
      'invalid_large_amount_threshold',
      `LARGE_AMOUNT_THRESHOLD must be a positive whole number of minor units, not "${thresholdText}".`,
    );
  }
  return {
    shopName: env.SHOP_NAME?.trim() ?? '',
    address: env.SHOP_ADDRESS?.trim() ?? '',
    taxId: env.SHOP_TAX_ID?.trim() ?? '',
    currency,
    locale,
    largeAmountThreshold: threshold,
    timeZone: env.STORE_TIMEZONE?.trim() || hostTimeZone,
  };
}
