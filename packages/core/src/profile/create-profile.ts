import { randomId } from '../util/ids.ts';
import { PROFILE_VERSION, type Profile } from './profile-types.ts';

/** A fresh, empty profile; pass `init` to set fields (tests and migrations do). */
export function createProfile(init: Partial<Profile> = {}): Profile {
  const now = init.createdAt ?? 0;
  return {
    version: PROFILE_VERSION,
    anonymousId: init.anonymousId ?? randomId(),
    createdAt: now,
    updatedAt: init.updatedAt ?? now,
    eventCount: 0,
    traits: {},
    affinities: { category: {}, brand: {}, tag: {} },
    searches: [],
    viewed: [],
    carted: [],
    bought: [],
    orders: [],
    dislikes: [],
    impressions: {},
    aipl: { brand: {}, category: {} },
    stages: {},
    ...init,
  };
}

/** True when `value` looks like a profile this version can use; stored data is checked with it. */
export function isProfile(value: unknown): value is Profile {
  const p = value as Profile | null;
  return (
    !!p &&
    typeof p === 'object' &&
    p.version === PROFILE_VERSION &&
    typeof p.anonymousId === 'string' &&
    [p.searches, p.viewed, p.carted, p.bought, p.orders, p.dislikes].every(Array.isArray) &&
    [p.affinities?.category, p.affinities?.brand, p.affinities?.tag, p.impressions, p.aipl?.brand, p.aipl?.category, p.stages].every((map) => typeof map === 'object')
  );
}
