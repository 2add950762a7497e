import type { Decayed } from './profile-types.ts';

const DAY = 86_400_000;

/** The value of a decayed weight at `now`: it halves every `halfLifeDays`. */
export function decayedValue(entry: Decayed | undefined, now: number, halfLifeDays: number): number {
  if (!entry) return 0;
  const age = Math.max(0, now - entry.t);
  return entry.w * Math.pow(0.5, age / (halfLifeDays * DAY));
}

/** A new map with `delta` added to `key`'s decayed value at `now`; floors at zero. */
export function addDecayed(
  map: Record<string, Decayed>,
  key: string,
  delta: number,
  now: number,
  halfLifeDays: number,
): Record<string, Decayed> {
  const w = Math.max(0, decayedValue(map[key], now, halfLifeDays) + delta);
  return { ...map, [key]: { w, t: now } };
}

/** Keeps the `max` strongest entries at `now` and drops those that have faded to nothing. */
export function pruneDecayed(map: Record<string, Decayed>, max: number, now: number, halfLifeDays: number): Record<string, Decayed> {
  const entries = Object.entries(map)
    .map(([key, entry]) => [key, entry, decayedValue(entry, now, halfLifeDays)] as const)
    .filter(([, , value]) => value >= 0.01);
  if (entries.length === Object.keys(map).length && entries.length <= max) return map;
  entries.sort((a, b) => b[2] - a[2]);
  return Object.fromEntries(entries.slice(0, max).map(([key, entry]) => [key, entry]));
}

/** The decayed values of a map at `now`, strongest first. */
export function topDecayed(map: Record<string, Decayed>, now: number, halfLifeDays: number): [string, number][] {
  return Object.entries(map)
    .map(([key, entry]) => [key, decayedValue(entry, now, halfLifeDays)] as [string, number])
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
