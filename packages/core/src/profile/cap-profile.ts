import type { Decayed, Profile } from './profile-types.ts';
import { toJson } from '../util/to-json.ts';

/** The stored profile's size limit in bytes of JSON (about half of it at the default bounds). @default 96 KB */
export const PROFILE_MAX_BYTES = 96 * 1024;

function strongest(map: Record<string, Decayed>, keep: number): Record<string, Decayed> {
  const entries = Object.entries(map);
  if (entries.length <= keep) return map;
  return Object.fromEntries(entries.sort((a, b) => b[1].w - a[1].w).slice(0, keep));
}

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
    const half = (n: number) => Math.max(1, Math.floor(n / 2));
    const aiplKeep = (m: Record<string, unknown>) => Object.fromEntries(Object.entries(m).slice(-half(Object.keys(m).length)));
    p = {
      ...p,
      affinities: {
        category: strongest(p.affinities.category, half(Object.keys(p.affinities.category).length)),
        brand: strongest(p.affinities.brand, half(Object.keys(p.affinities.brand).length)),
        tag: strongest(p.affinities.tag, half(Object.keys(p.affinities.tag).length)),
      },
      impressions: strongest(p.impressions, half(Object.keys(p.impressions).length)),
      viewed: p.viewed.slice(0, half(p.viewed.length)),
      carted: p.carted.slice(0, half(p.carted.length)),
      bought: p.bought.slice(0, half(p.bought.length)),
      searches: p.searches.slice(0, half(p.searches.length)),
      dislikes: p.dislikes.slice(0, half(p.dislikes.length)),
      aipl: { brand: aiplKeep(p.aipl.brand) as Profile['aipl']['brand'], category: aiplKeep(p.aipl.category) as Profile['aipl']['category'] },
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
