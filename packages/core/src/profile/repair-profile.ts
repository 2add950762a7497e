import { AIPL_STAGES } from '../segments/aipl.ts';
import type { AiplFacts, Decayed, Profile } from './profile-types.ts';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isDecayed = (v: unknown): v is Decayed => isRecord(v) && finite(v.w) && finite(v.t);
const isFacts = (v: unknown): v is AiplFacts =>
  isRecord(v) &&
  Array.isArray(v.purchases) &&
  v.purchases.every(finite) &&
  (['exposed', 'interested', 'advocated'] as const).every((k) => v[k] === undefined || finite(v[k]));
const isTrait = (v: unknown) => typeof v === 'string' || finite(v) || typeof v === 'boolean';
const isStage = (v: unknown) => (AIPL_STAGES as readonly unknown[]).includes(v);
const isItem = (v: unknown) => isRecord(v) && typeof v.id === 'string' && finite(v.time);

/**
 * A copy of a stored profile keeping only entries of the right shape, with the paths of those dropped.
 * Maps are rebuilt from their own entries, so a key such as `constructor` or `__proto__` is plain data,
 * and an entry an older build wrote from an inherited value (e.g. AIPL facts without `purchases`) goes.
 */
export function repairProfile(profile: Profile): { profile: Profile; dropped: string[] } {
  const dropped: string[] = [];
  const map = <T>(value: unknown, ok: (v: unknown) => v is T, path: string): Record<string, T> => {
    const out: [string, T][] = [];
    for (const [key, entry] of Object.entries(isRecord(value) ? value : {})) {
      if (ok(entry)) out.push([key, entry]);
      else dropped.push(`${path}.${key}`);
    }
    return Object.fromEntries(out);
  };
  const list = <T>(value: T[] | undefined, ok: (v: unknown) => boolean, path: string): T[] =>
    (Array.isArray(value) ? value : []).filter((entry, i) => ok(entry) || (dropped.push(`${path}[${i}]`), false));
  const repaired: Profile = {
    ...profile,
    traits: map(profile.traits, (v): v is string | number | boolean => isTrait(v), 'traits'),
    affinities: {
      category: map(profile.affinities.category, isDecayed, 'affinities.category'),
      brand: map(profile.affinities.brand, isDecayed, 'affinities.brand'),
      tag: map(profile.affinities.tag, isDecayed, 'affinities.tag'),
    },
    impressions: map(profile.impressions, isDecayed, 'impressions'),
    aipl: { brand: map(profile.aipl.brand, isFacts, 'aipl.brand'), category: map(profile.aipl.category, isFacts, 'aipl.category') },
    stages: map(profile.stages, (v): v is Profile['stages'][string] => isStage(v), 'stages'),
    ...(profile.experiments === undefined ? {} : { experiments: map(profile.experiments, (v): v is string => typeof v === 'string', 'experiments') }),
    ...(profile.referrals === undefined ? {} : { referrals: list(profile.referrals, (v) => isRecord(v) && typeof v.code === 'string' && finite(v.time), 'referrals') }),
    searches: list(profile.searches, (v) => isRecord(v) && typeof v.term === 'string' && finite(v.time), 'searches'),
    viewed: list(profile.viewed, isItem, 'viewed'),
    carted: list(profile.carted, isItem, 'carted'),
    bought: list(profile.bought, isItem, 'bought'),
    dislikes: list(profile.dislikes, isItem, 'dislikes'),
    orders: list(profile.orders, (v) => isItem(v) && finite((v as { value?: unknown }).value), 'orders'),
  };
  return { profile: repaired, dropped };
}
