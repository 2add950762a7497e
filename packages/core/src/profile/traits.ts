import { checkFields, isObject, matching, oneOf, text, type Rule } from '../util/check.ts';
import type { Issue } from '../util/issues.ts';
import { has } from '../util/own.ts';

/** Age bands a store may declare. */
export const AGE_BANDS = ['under-18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
/** Income bands, relative to the store's market. */
export const INCOME_BANDS = ['low', 'lower-middle', 'middle', 'upper-middle', 'high'] as const;
/** Life stages used for crowd portraits. */
export const LIFE_STAGES = ['student', 'single', 'couple', 'new-parent', 'family', 'empty-nester', 'retired'] as const;
/** Genders a store may declare. */
export const GENDERS = ['female', 'male', 'other'] as const;

/** Declared traits: only what the store passes to `identify`, never anything identifying. */
export interface Traits {
  ageBand?: (typeof AGE_BANDS)[number];
  gender?: (typeof GENDERS)[number];
  /** ISO 3166-2 subdivision, e.g. "CN-31" (Shanghai), or a country code such as "GB". */
  region?: string;
  city?: string;
  incomeBand?: (typeof INCOME_BANDS)[number];
  lifeStage?: (typeof LIFE_STAGES)[number];
  /** The store's own, namespaced `custom.name` (letters, digits, _ and -). */
  [custom: `custom.${string}`]: string | number | boolean;
}

/** The checks of each declared trait. */
export const TRAIT_RULES: Record<string, Rule> = {
  ageBand: oneOf(AGE_BANDS),
  gender: oneOf(GENDERS),
  region: matching(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'must be an ISO 3166 code such as "CN-31" or "GB"'),
  city: text(80),
  incomeBand: oneOf(INCOME_BANDS),
  lifeStage: oneOf(LIFE_STAGES),
};

const CUSTOM_KEY = /^custom\.[a-z][\w-]{0,40}$/i;
const custom: Rule = (v) =>
  (typeof v === 'string' && v.length <= 200) || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean'
    ? { ok: true, value: v }
    : { ok: false, message: 'a custom trait is text (up to 200 characters), a number or true/false' };
const unknownTrait =
  (key: string): Rule =>
  () => ({ ok: false, message: `unknown trait; known: ${Object.keys(TRAIT_RULES).join(', ')}; or your own as "custom.${key}"` });

/**
 * Checks traits for `identify()`: the good ones are kept, every bad or unknown one is reported by
 * name (and not stored). Unknown keys suggest the namespaced `custom.` form.
 */
export function parseTraits(input: unknown): { traits: Record<string, string | number | boolean>; issues: Issue[] } {
  if (!isObject(input)) {
    return { traits: {}, issues: [{ path: '(root)', message: 'traits must be an object such as { ageBand: "25-34", region: "CN-31" }' }] };
  }
  const issues: Issue[] = [];
  const rule = (key: string) => (has(TRAIT_RULES, key) ? TRAIT_RULES[key] : CUSTOM_KEY.test(key) ? custom : unknownTrait(key));
  return { traits: checkFields(input, rule, '', issues), issues };
}
