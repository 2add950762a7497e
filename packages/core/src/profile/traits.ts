import * as z from 'zod/mini';
import { issueMessage } from '../util/issue-message.ts';
import { toIssues, type Issue } from '../util/issues.ts';
import { has } from '../util/own.ts';

/** Age bands a store may declare. */
export const AGE_BANDS = ['under-18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
/** Income bands, relative to the store's market. */
export const INCOME_BANDS = ['low', 'lower-middle', 'middle', 'upper-middle', 'high'] as const;
/** Life stages used for crowd portraits. */
export const LIFE_STAGES = ['student', 'single', 'couple', 'new-parent', 'family', 'empty-nester', 'retired'] as const;

/** Declared traits: only what the store passes to `identify`, never anything identifying. */
export const traitsSchema = z.strictObject({
  ageBand: z.optional(z.enum(AGE_BANDS)),
  gender: z.optional(z.enum(['female', 'male', 'other'])),
  /** ISO 3166-2 subdivision, e.g. "CN-31" (Shanghai), or a country code such as "GB". */
  region: z.optional(z.string().check(z.regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'must be an ISO 3166 code such as "CN-31" or "GB"'))),
  city: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
  incomeBand: z.optional(z.enum(INCOME_BANDS)),
  lifeStage: z.optional(z.enum(LIFE_STAGES)),
});

/** The declared traits. Custom traits are namespaced `custom.name` (letters, digits, _ and -). */
export type Traits = z.infer<typeof traitsSchema> & Record<`custom.${string}`, string | number | boolean>;

const CUSTOM_KEY = /^custom\.[a-z][\w-]{0,40}$/i;
const customValue = z.union([z.string().check(z.maxLength(200)), z.number(), z.boolean()]);

/**
 * Checks traits for `identify()`: the good ones are kept, every bad or unknown one is reported by
 * name (and not stored). Unknown keys suggest the namespaced `custom.` form.
 */
export function parseTraits(input: unknown): { traits: Record<string, string | number | boolean>; issues: Issue[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { traits: {}, issues: [{ path: '(root)', message: 'traits must be an object such as { ageBand: "25-34", region: "CN-31" }' }] };
  }
  const traits: Record<string, string | number | boolean> = {};
  const issues: Issue[] = [];
  const known = traitsSchema.shape as Record<string, { safeParse: (v: unknown, o: object) => { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } } }>;
  for (const [key, value] of Object.entries(input)) {
    if (has(known, key)) {
      const parsed = known[key]!.safeParse(value, { error: issueMessage });
      if (parsed.success) {
        if (parsed.data !== undefined) traits[key] = parsed.data as string;
      } else issues.push(...toIssues(parsed.error!.issues.map((i) => ({ ...i, path: [key, ...i.path] }))));
    } else if (CUSTOM_KEY.test(key)) {
      const parsed = customValue.safeParse(value, { error: issueMessage });
      if (parsed.success) traits[key] = parsed.data;
      else issues.push({ path: key, message: 'a custom trait is text (up to 200 characters), a number or true/false' });
    } else {
      issues.push({ path: key, message: `unknown trait; known: ${Object.keys(known).join(', ')}; or your own as "custom.${key}"` });
    }
  }
  return { traits, issues };
}
