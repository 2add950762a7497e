// A few field checks, written out instead of a schema library: the tracker runs on every page, so
// its validation must be small (zod stays where it earns its place: the marketer's scene config).
import { has } from './own.ts';
import type { Issue } from './issues.ts';

/** A field's check: the clean value, or what is wrong with it. */
export type Rule<T = unknown> = (value: unknown) => { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T) => ({ ok: true as const, value });
const bad = (message: string) => ({ ok: false as const, message });

/** How a value reads in a message: `number 42`, `an object`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'nothing';
  return `${typeof value} ${String(value).slice(0, 40)}`;
}
const expected = (what: string, value: unknown) => bad(`Invalid input: expected ${what}, received ${describeValue(value)}`);

/** Text of 1 to `max` characters; a number is taken as its text (GA4 accepts numeric ids). */
export const text =
  (max: number): Rule<string> =>
  (v) => {
    const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
    if (typeof s !== 'string') return expected('string', v);
    if (!s) return bad('must not be empty');
    return s.length > max ? bad(`must be at most ${max} characters`) : ok(s);
  };

const NUMERIC = /^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;
/** A finite number; a numeric string such as "9.99" is read as one (as GA4 does). */
export const number: Rule<number> = (v) => {
  const n = typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? ok(n) : expected('number', v);
};

/** A whole number ≥ 0 (a quantity, a position). */
export const count: Rule<number> = (v) => {
  const n = number(v);
  if (!n.ok) return n;
  if (!Number.isInteger(n.value)) return bad('must be a whole number');
  return n.value < 0 ? bad('must not be negative') : n;
};

/** One of `values`. */
export const oneOf =
  <T extends string>(values: readonly T[], message = `must be one of ${values.map((x) => `"${x}"`).join(', ')}`): Rule<T> =>
  (v) =>
    (values as readonly unknown[]).includes(v) ? ok(v as T) : bad(message);

/** A string matching `pattern`. */
export const matching =
  (pattern: RegExp, message: string, max = 200): Rule<string> =>
  (v) =>
    typeof v !== 'string' ? expected('string', v) : v.length <= max && pattern.test(v) ? ok(v) : bad(message);

/** A boolean. */
export const boolean: Rule<boolean> = (v) => (typeof v === 'boolean' ? ok(v) : expected('boolean', v));

/** `min ≤ n ≤ max`, after `rule`. */
export const within =
  (rule: Rule<number>, min: number, max: number, message: string): Rule<number> =>
  (v) => {
    const n = rule(v);
    return !n.ok || (n.value >= min && n.value <= max) ? n : bad(message);
  };

/** `['items', 0, 'item_id']` style paths, as our issues print them. */
const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/**
 * Checks the own fields of `input` named in `rules` (absent and undefined ones are skipped) and
 * returns a clean object of them; each bad field adds an issue at its path. Unknown fields are
 * left out (and named in `unknown`). Inherited properties are never read: a page that added to
 * Object.prototype changes nothing here.
 */
export function checkFields<T>(input: object, rules: Record<string, Rule> | ((key: string) => Rule | undefined), path: string, issues: Issue[], unknown?: string[]): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[key];
    const rule = typeof rules === 'function' ? rules(key) : has(rules, key) ? rules[key] : undefined;
    if (!rule) {
      unknown?.push(join(path, key));
      continue;
    }
    if (value === undefined) continue;
    const result = rule(value);
    if (result.ok) out[key] = result.value;
    else issues.push({ path: join(path, key), message: result.message });
  }
  return out as T;
}

/** An array of at most `max` entries, each checked by `each`. */
export function checkArray<T>(value: unknown, path: string, max: number, issues: Issue[], each: (entry: unknown, path: string) => T | undefined): T[] | undefined {
  if (!Array.isArray(value)) {
    issues.push({ path, message: `Invalid input: expected array, received ${describeValue(value)}` });
    return undefined;
  }
  if (value.length > max) {
    issues.push({ path, message: `must list at most ${max} entries` });
    return undefined;
  }
  const out: T[] = [];
  value.forEach((entry, i) => {
    const checked = each(entry, join(path, i));
    if (checked !== undefined) out.push(checked);
  });
  return out;
}

/** True for a plain object (not null, not an array). */
export const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Epoch milliseconds after 2000 (a time in seconds is a common mistake, and is refused). */
export const epoch: Rule<number> = (v) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) return expected('number', v);
  if (!Number.isInteger(v)) return bad('must be whole milliseconds');
  return v < 946_684_800_000 ? bad('must be an epoch time in milliseconds after 2000') : ok(v);
};
