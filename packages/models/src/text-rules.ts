// Free text that a person typed and that other people will read: item names, notes, catalog
// names, settings shown on receipts. Such text never needs control characters, and
// bidirectional overrides make a receipt line read differently from what it holds ("Coffee 2"
// displayed while "2 eeffoC" is stored), so both are refused rather than stored and printed.
import { describeValue } from './result.js';
import type { RuleBreach } from './wire-rules.js';

/**
 * C0 and C1 controls (tab and newline included: a receipt line is one line), DEL, the
 * bidirectional embeddings, overrides and isolates, the implicit direction marks, and the line
 * and paragraph separators.
 */
const UNSAFE_CHARACTER =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Names the first unsafe character of a text and where it is, or undefined when it is clean. */
export function unsafeTextBreach(value: string): RuleBreach | undefined {
  const match = UNSAFE_CHARACTER.exec(value);
  if (!match) return undefined;
  const character = match[0];
  const codePoint = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return {
    code: 'unsafe_text',
    reason:
      `must not hold control or text-direction characters; got ${describeValue(value)}, ` +
      `whose character ${[...value.slice(0, match.index)].length + 1} is ${codePoint}`,
  };
}

/** True when the text holds no control or text-direction characters. */
export function isSafeText(value: string): boolean {
  return !UNSAFE_CHARACTER.test(value);
}
