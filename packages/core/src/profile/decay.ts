import { own } from '../util/own.ts';
import type { Decayed } from './profile-types.ts';

const DAY = 86_400_000;

/** The value of a decayed weight at `now`: it halves every `halfLifeDays`. */
export function decayedValue(entry: Decayed | undefined, now: number, halfLifeDays: number): number {
  if (!entry || !Number.isFinite(entry.w) || !Number.isFinite(entry.t)) return 0;
  const age = Math.max(0, now - entry.t);
  return entry.w * Math.pow(0.5, age / (halfLifeDays * DAY));
}

/** Below this a weight counts as gone and its entry is dropped. */
const NOTHING = 0.01;

/** A new map with `delta` added to `key`'s decayed value at `now`; an entry that falls to nothing is dropped. */
export function addDecayed(
  map: Record<string, Decayed>,
  key: string,
  delta: number,
  now: number,
  halfLifeDays: number,
): Record<string, Decayed> {
  const w = decayedValue(own(map, key), now, halfLifeDays) + delta;
  if (w >= NOTHING) return { ...map, [key]: { w, t: now } };
  const { [key]: _gone, ...rest } = map;
  return rest;
}

/** When a map outgrows its bound it is cut to this share of it, so the sort runs once per many inserts. */
export const PRUNE_TO = 0.8;

/** Keeps at most `max` entries, the strongest at `now`; cheap (no sort) while the map is within bounds. */
export function pruneDecayed(map: Record<string, Decayed>, max: number, now: number, halfLifeDays: number): Record<string, Decayed> {
  const keys = Object.keys(map);
  if (keys.length <= max) return map;
  const ranked = keys.map((key) => [key, decayedValue(own(map, key), now, halfLifeDays)] as const).sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(ranked.slice(0, Math.max(1, Math.floor(max * PRUNE_TO))).map(([key]) => [key, map[key]!]));
}

/** The decayed values of a map at `now`, strongest first. */
export function topDecayed(map: Record<string, Decayed>, now: number, halfLifeDays: number): [string, number][] {
  return Object.entries(map)
    .map(([key, entry]) => [key, decayedValue(entry, now, halfLifeDays)] as [string, number])
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
