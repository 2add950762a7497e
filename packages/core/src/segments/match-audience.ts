import { decayedValue } from '../profile/decay.ts';
import { PROFILE_DEFAULTS, type AiplStage, type Profile } from '../profile/profile-types.ts';
import { AIPL_STAGES, aiplCategoryStage, aiplStage, type AiplWindows } from './aipl.ts';
import { rfmSegment, type RfmOptions } from './rfm.ts';
import { has, own } from '../util/own.ts';

type Trait = string | number | boolean;
type Range = [number, number];

/**
 * Who sees something. Combine with `all` / `any` / `not`; leaves test declared traits, interests,
 * device, new vs returning, the RFM segment or scores, and the AIPL stage with a brand or category.
 */
export type AudienceRule =
  | { all: AudienceRule[] }
  | { any: AudienceRule[] }
  | { not: AudienceRule }
  | { trait: string; in: Trait[] }
  | { interest: { category?: string; brand?: string; tag?: string; min: number } }
  | { device: ('mobile' | 'tablet' | 'desktop')[] }
  | { visitor: 'new' | 'returning' }
  | { rfm: string[] }
  | { rfmScore: { r?: Range; f?: Range; m?: Range } }
  | { aipl: { brand?: string; category?: string; in?: AiplStage[]; atLeast?: AiplStage } };

/** What a rule is matched against besides the profile. */
export interface AudienceContext {
  now: number;
  device?: 'mobile' | 'tablet' | 'desktop';
  /** When this visit began; a profile made since is a new visitor. @default now − 30 min */
  sessionStart?: number;
  rfm?: RfmOptions;
  aipl?: Partial<AiplWindows>;
  halfLifeDays?: number;
}

/** Own keys only: a rule read from outside JSON must not match on what every object inherits. */
const is = <K extends string>(rule: AudienceRule, key: K): rule is Extract<AudienceRule, Record<K, unknown>> => has(rule, key);

/** True when the shopper belongs to the audience. Pure; an empty `all` matches everyone, an empty `any` no one. */
export function matchAudience(rule: AudienceRule, profile: Profile, context: AudienceContext): boolean {
  const { now } = context;
  if (is(rule, 'all')) return rule.all.every((r) => matchAudience(r, profile, context));
  if (is(rule, 'any')) return rule.any.some((r) => matchAudience(r, profile, context));
  if (is(rule, 'not')) return !matchAudience(rule.not, profile, context);
  if (is(rule, 'trait')) {
    const value = own(profile.traits, rule.trait);
    return value !== undefined && rule.in.includes(value);
  }
  if (is(rule, 'interest')) {
    const { category, brand, tag, min } = rule.interest;
    const half = context.halfLifeDays ?? PROFILE_DEFAULTS.halfLifeDays;
    const [map, key] = category ? [profile.affinities.category, category] : brand ? [profile.affinities.brand, brand] : [profile.affinities.tag, tag ?? ''];
    return decayedValue(own(map, key), now, half) >= min;
  }
  if (is(rule, 'device')) return !!context.device && rule.device.includes(context.device);
  if (is(rule, 'visitor')) {
    const isNew = profile.createdAt >= (context.sessionStart ?? now - 30 * 60_000);
    return rule.visitor === 'new' ? isNew : !isNew;
  }
  if (is(rule, 'rfm')) return rule.rfm.includes(rfmSegment(profile, context.rfm, now).segment);
  if (is(rule, 'rfmScore')) {
    const { scores } = rfmSegment(profile, context.rfm, now);
    const within = (v: number, range?: Range) => !range || (v >= range[0] && v <= range[1]);
    return within(scores.r, rule.rfmScore.r) && within(scores.f, rule.rfmScore.f) && within(scores.m, rule.rfmScore.m);
  }
  if (is(rule, 'aipl')) {
    const { brand, category, in: stages, atLeast } = rule.aipl;
    const stage = brand ? aiplStage(profile, brand, now, context.aipl) : aiplCategoryStage(profile, category ?? '', now, context.aipl);
    if (stages && !stages.includes(stage)) return false;
    return !atLeast || AIPL_STAGES.indexOf(stage) >= AIPL_STAGES.indexOf(atLeast);
  }
  return false;
}
