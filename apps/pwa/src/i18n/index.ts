// A tiny i18n: two dictionaries, `{name}` placeholders, the language chosen by a store.
import { en, type MessageKey } from './en.js';
import { es } from './es.js';
import type { Language } from '../db/records.js';

export type { MessageKey };
export type Params = Record<string, string | number>;

const dictionaries: Record<Language, Record<MessageKey, string>> = { en, es };

/** With `count: 1` in params, the key's singular form `<key>One` is used when there is one. */
export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  const dictionary = dictionaries[language];
  const singular = `${key}One` as MessageKey;
  const template =
    params.count === 1 && singular in dictionary ? dictionary[singular] : dictionary[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** es-CO → es; anything we do not speak → en. */
export function languageOf(locale: string): Language {
  return locale.toLowerCase().startsWith('es') ? 'es' : 'en';
}
