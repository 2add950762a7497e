import type { Decayed, Profile } from './profile-types.ts';
import { toJson } from '../util/to-json.ts';

/** The stored profile's size limit in bytes of JSON (about half of it at the default bounds). @default 96 KB */
export const PROFILE_MAX_BYTES = 96 * 1024;

const half = (n: number) => Math.max(1, Math.floor(n / 2));
/** The stronger half (at least one) of a map of decaying weights. */
const strongerHalf = (map: Record<string, Decayed>): Record<string, Decayed> =>
  Object.fromEntries(Object.entries(map).sort((a, b) => b[1].w - a[1].w).slice(0, half(Object.keys(map).length)));
/** The first half (at least one) of a list, newest first. */
const firstHalf = <T>(list: T[]) => list.slice(0, half(list.length));
/** The later half (at least one) of a map, in the order its keys were added. */
const laterHalf = <T>(map: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(map).slice(-half(Object.keys(map).length)));

/** Size of a profile as stored, in bytes of JSON (UTF-16 length is close enough for a budget). */
export function profileBytes(profile: Profile): number {
  return toJson(profile).length;
}

/**
 * Keeps a profile under `maxBytes`: halves the weakest affinities, the oldest items and impressions
 * step by step until it fits. Orders go last (RFM needs them). Pure.
 */
export function capProfile(profile: Profile, maxBytes = PROFILE_MAX_BYTES): Profile {
  let p = profile;
  for (let round = 0; round < 12 && profileBytes(p) > maxBytes; round++) {
    p = {
      ...p,
      affinities: { category: strongerHalf(p.affinities.category), brand: strongerHalf(p.affinities.brand), tag: strongerHalf(p.affinities.tag) },
      impressions: strongerHalf(p.impressions),
      viewed: firstHalf(p.viewed),
      carted: firstHalf(p.carted),
      bought: firstHalf(p.bought),
      searches: firstHalf(p.searches),
      dislikes: firstHalf(p.dislikes),
      aipl: { brand: laterHalf(p.aipl.brand), category: laterHalf(p.aipl.category) },
      // Announced stages only matter for brands and categories still tracked.
      stages: Object.fromEntries(Object.entries(p.stages).filter(([key]) => {
        const [scope, ...name] = key.split(':');
        return name.join(':') in (scope === 'brand' ? p.aipl.brand : p.aipl.category);
      })),
      orders: round > 4 ? p.orders.slice(-half(p.orders.length)) : p.orders,
    };
  }
  return p;
}
