// A tiny i18n: two dictionaries, `{name}` placeholders, the language chosen by a store.
import { en, type MessageKey } from './en.js';
import { es } from './es.js';
import type { Language } from '../db/records.js';

export type { MessageKey };
export type Params = Record<string, string | number>;

const dictionaries: Record<Language, Record<MessageKey, string>> = { en, es };

/** With `count: 1` in params, the key's singular form `<key>One` is used when there is one. */
export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  return translateIn(dictionaries[language], key, params);
}

/** translate() over any dictionary (the back office has its own). */
export function translateIn<Key extends string>(
  dictionary: Record<Key, string>,
  key: Key,
  params: Params = {},
): string {
  const singular = `${key}One` as Key;
  const template =
    params.count === 1 && singular in dictionary ? dictionary[singular] : dictionary[key];
  return fillTemplate(template, params);
}

/** `{name}` placeholders filled from params; unknown names stay as they are. */
export function fillTemplate(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** es-CO → es; anything we do not speak → en. */
export function languageOf(locale: string): Language {
  return locale.toLowerCase().startsWith('es') ? 'es' : 'en';
}
