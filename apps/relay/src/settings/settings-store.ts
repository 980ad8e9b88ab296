// Shop settings the owner edits in the back office. The environment (SHOP_NAME, CURRENCY, ...)
// gives the defaults; the owner's changes live in DATA_DIR/settings.json and win over them.
// The time zone stays STORE_TIMEZONE's: it decides every bill's business day.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SETTINGS_TEXT_LIMITS, unsafeTextBreach, type ShopSettings } from '@caja/models';
import { writeFileAtomic } from '../storage/index.js';

/** What the owner may change (everything but the time zone). */
export type EditableSettings = Omit<ShopSettings, 'timeZone'>;

export interface SettingsError {
  code: 'settings_not_object' | 'invalid_setting' | 'unknown_setting';
  message: string;
  field: string;
}

export type SettingsValidation =
  { ok: true; settings: Partial<EditableSettings> } | { ok: false; error: SettingsError };

const TEXT_FIELDS = SETTINGS_TEXT_LIMITS;
const EDITABLE_FIELDS: ReadonlySet<string> = new Set([
  ...Object.keys(TEXT_FIELDS),
  'currency',
  'locale',
  'largeAmountThreshold',
]);

/**
 * Checks an owner's settings update: only known fields, each well formed; the rest keep their
 * value. A bad currency or locale would make every till's money formatting throw.
 */
export function validateSettingsUpdate(input: unknown): SettingsValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('settings_not_object', '', 'The settings must be a JSON object.');
  }
  const body = input as Record<string, unknown>;
  // A field the relay would drop silently is a mistake the owner never hears of.
  for (const field of Object.keys(body)) {
    if (field === 'timeZone') {
      return fail(
        'invalid_setting',
        field,
        "timeZone is the relay's STORE_TIMEZONE: every business day depends on it, so it changes only in the relay's configuration, with a restart.",
      );
    }
    if (!EDITABLE_FIELDS.has(field)) {
      return fail(
        'unknown_setting',
        field,
        `${JSON.stringify(field.slice(0, 40))} is not a shop setting; the settings are ${[...EDITABLE_FIELDS].join(', ')}.`,
      );
    }
  }
  const clean: Partial<EditableSettings> = {};
  for (const [field, max] of Object.entries(TEXT_FIELDS) as [keyof typeof TEXT_FIELDS, number][]) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length > max) {
      return fail('invalid_setting', field, `${field} must be text of at most ${max} characters.`);
    }
    // Control and text-direction characters would break receipts and CSV exports, or make a
    // receipt read differently from what it holds.
    const unsafe = unsafeTextBreach(value);
    if (unsafe) return fail('invalid_setting', field, `${field} ${unsafe.reason}.`);
    // A typed line prints this word: an empty one would print a nameless line.
    if (field === 'typedAmountName' && value.trim() === '') {
      return fail(
        'invalid_setting',
        field,
        'typedAmountName must name typed amounts on bills, e.g. "Valor" or "Varios".',
      );
    }
    clean[field] = value.trim();
  }
  if (body.currency !== undefined) {
    const currency = typeof body.currency === 'string' ? body.currency.trim().toUpperCase() : '';
    if (!/^[A-Z]{3}$/.test(currency) || !isKnownCurrency(currency)) {
      return fail(
        'invalid_setting',
        'currency',
        'currency must be an ISO 4217 code such as COP or USD.',
      );
    }
    clean.currency = currency;
  }
  if (body.locale !== undefined) {
    const locale = typeof body.locale === 'string' ? body.locale.trim() : '';
    if (!isLocale(locale)) {
      return fail(
        'invalid_setting',
        'locale',
        'locale must be a language tag such as es-CO or en-US.',
      );
    }
    clean.locale = locale;
  }
  if (body.largeAmountThreshold !== undefined) {
    const threshold = body.largeAmountThreshold;
    // Minor units are whole numbers; a float would silently mean something else.
    if (typeof threshold !== 'number' || !Number.isSafeInteger(threshold) || threshold <= 0) {
      return fail(
        'invalid_setting',
        'largeAmountThreshold',
        'largeAmountThreshold must be a positive whole number of minor units.',
      );
    }
    clean.largeAmountThreshold = threshold;
  }
  return { ok: true, settings: clean };
}

function fail(code: SettingsError['code'], field: string, message: string): SettingsValidation {
  return { ok: false, error: { code, message, field } };
}

function isLocale(locale: string): boolean {
  if (locale === '' || locale.length > 35) return false;
  try {
    return Intl.getCanonicalLocales(locale).length === 1;
  } catch {
    return false;
  }
}

function isKnownCurrency(code: string): boolean {
  return Intl.supportedValuesOf('currency').includes(code);
}

export interface SettingsRepository {
  /** The environment's settings with the owner's changes on top. */
  read(): Promise<ShopSettings>;
  /** Applies validated changes; resolves with the result once durable. */
  update(changes: Partial<EditableSettings>): Promise<ShopSettings>;
}

export const SETTINGS_FILE_NAME = 'settings.json';

export class FileSettingsRepository implements SettingsRepository {
  private readonly path: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly defaults: ShopSettings,
  ) {
    this.path = join(dataDir, SETTINGS_FILE_NAME);
  }

  async read(): Promise<ShopSettings> {
    return { ...this.defaults, ...(await this.stored()), timeZone: this.defaults.timeZone };
  }

  update(changes: Partial<EditableSettings>): Promise<ShopSettings> {
    const next = this.queue.then(async () => {
      const stored = { ...(await this.stored()), ...changes };
      await writeFileAtomic(this.path, `${JSON.stringify(stored, null, 2)}\n`, 0o644, false);
      return { ...this.defaults, ...stored, timeZone: this.defaults.timeZone };
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async stored(): Promise<Partial<EditableSettings>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    // The file is ours, but a hand edit could break it: then the environment's settings serve
    // (the shop keeps selling) until the owner saves again.
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return {};
    }
    // Fields of other versions (or a hand edit) are passed over, not a reason to drop the rest.
    const known =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? Object.fromEntries(Object.entries(parsed).filter(([key]) => EDITABLE_FIELDS.has(key)))
        : parsed;
    const validation = validateSettingsUpdate(known);
    return validation.ok ? validation.settings : {};
  }
}

/** In-memory twin for route tests. */
export class MemorySettingsRepository implements SettingsRepository {
  private changes: Partial<EditableSettings> = {};
  constructor(private readonly defaults: ShopSettings) {}

  async read(): Promise<ShopSettings> {
    return { ...this.defaults, ...this.changes };
  }

  async update(changes: Partial<EditableSettings>): Promise<ShopSettings> {
    this.changes = { ...this.changes, ...changes };
    return this.read();
  }
}
