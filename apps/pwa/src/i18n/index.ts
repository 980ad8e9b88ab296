// A tiny i18n: two dictionaries, `{name}` placeholders, the language chosen by a store.
import { en, type MessageKey } from './en.js';
import { es } from './es.js';
import type { Language } from '../db/records.js';

export type { MessageKey };
export type Params = Record<string, string | number>;

const dictionaries: Record<Language, Record<MessageKey, string>> = { en, es };

export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  const template = dictionaries[language][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** es-CO → es; anything we do not speak → en. */
export function languageOf(locale: string): Language {
  return locale.toLowerCase().startsWith('es') ? 'es' : 'en';
}
