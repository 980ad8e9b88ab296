// Turns zod's issues into ours: one typed code, the field's path and a sentence for a person.
import type * as z from 'zod';
import { describeValue, type ValidationCode, type ValidationIssue } from './result.js';
import type { RuleBreach } from './wire-rules.js';

type Path = readonly PropertyKey[];

/** ["items", 3, "quantity"] → "items[3].quantity"; [] → "". */
export function fieldOf(path: Path): string {
  let field = '';
  for (const key of path) {
    if (typeof key === 'number') field += `[${key}]`;
    else field += field === '' ? String(key) : `.${String(key)}`;
  }
  return field;
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function codeOf(issue: z.core.$ZodIssue, received: unknown): ValidationCode {
  switch (issue.code) {
    case 'invalid_type':
      if (received === undefined) return 'required';
      return issue.expected === 'int' && typeof received === 'number'
        ? 'not_integer'
        : 'wrong_type';
    case 'too_big':
      if (issue.origin === 'string') return 'too_long';
      return issue.origin === 'array' ? 'too_many_items' : 'out_of_range';
    case 'too_small':
      return 'out_of_range';
    case 'invalid_value':
      return 'unknown_value';
    case 'invalid_union':
      return received === undefined ? 'required' : 'unknown_value';
    /* v8 ignore next 2: the bill schema raises no other kind; kept for schemas to come */
    default:
      return 'wrong_type';
  }
}

/**
 * Our issues for one zod issue (an unrecognised-keys issue names several fields). `rules` says
 * what each field must be (see FIELD_RULES in bill-schema.ts); `noun` names the whole body in
 * messages ("bill", "cash move"), so a mistake in a cash move never speaks of a bill.
 */
export function translateZodIssue(
  issue: z.core.$ZodIssue,
  input: unknown,
  rules: Readonly<Record<string, string>>,
  noun = 'bill',
): ValidationIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const field = fieldOf([...issue.path, key]);
      const where = issue.path.length === 0 ? `a ${noun}` : `${fieldOf(issue.path)}`;
      return {
        code: 'unknown_field',
        field,
        message: `${field} is not a field of ${where} in this contract; remove it`,
      };
    });
  }
  const field = fieldOf(issue.path);
  const received = valueAt(input, issue.path);
  const subject = field === '' ? `the ${noun}` : field;
  if (issue.code === 'custom') {
    const breach = issue.params as RuleBreach;
    return [{ code: breach.code, field, message: `${subject} ${breach.reason}` }];
  }
  const code = codeOf(issue, received);
  const pattern = field.replace(/\[\d+\]/g, '[]');
  const rule = Object.hasOwn(rules, pattern) ? rules[pattern] : 'valid';
  const message =
    code === 'required'
      ? `${subject} is required: it must be ${rule}`
      : `${subject} must be ${rule}; got ${describeValue(received)}`;
  return [{ code, field, message }];
}
