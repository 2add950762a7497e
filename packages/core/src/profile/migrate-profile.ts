import { createProfile, isProfile } from './create-profile.ts';
import { PROFILE_VERSION, type Profile } from './profile-types.ts';
import { repairProfile } from './repair-profile.ts';

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/** Each step turns version N into N + 1. Add one for every change of the stored shape. */
const MIGRATIONS: Record<number, Migration> = {
  // v1 (the first release) had no AIPL signals and no announced stages.
  1: (old) => ({ ...old, version: 2, aipl: { brand: {}, category: {} }, stages: {} }),
};

/** What loading a stored profile gave: the profile, and what happened to make it. */
export type LoadedProfile =
  | { status: 'fresh'; profile: Profile }
  | { status: 'current'; profile: Profile; dropped: string[] }
  | { status: 'migrated'; profile: Profile; from: number; dropped: string[] }
  | { status: 'replaced'; profile: Profile; reason: string };

/**
 * Brings a stored profile up to this build's version and repairs it: entries of the wrong shape are
 * dropped (their paths returned in `dropped`). Unreadable, corrupted or future versions are replaced
 * with a fresh profile (keeping nothing), and the reason is returned to report once.
 */
export function migrateProfile(stored: unknown, now: number): LoadedProfile {
  if (stored === undefined || stored === null) return { status: 'fresh', profile: createProfile({ createdAt: now }) };
  const fresh = (reason: string): LoadedProfile => ({ status: 'replaced', profile: createProfile({ createdAt: now }), reason });
  if (typeof stored !== 'object' || Array.isArray(stored)) return fresh(`expected an object, found ${Array.isArray(stored) ? 'an array' : typeof stored}`);
  let value = stored as Record<string, unknown>;
  const from = value.version;
  if (typeof from !== 'number' || !Number.isInteger(from)) return fresh('it has no version');
  if (from > PROFILE_VERSION) return fresh(`version ${from} is newer than this SDK (${PROFILE_VERSION})`);
  for (let v = from; v < PROFILE_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return fresh(`no migration from version ${v}`);
    value = step(value);
  }
  if (!isProfile(value)) return fresh(`version ${from} data is corrupted`);
  // Entries of the wrong shape (written by an older build, or by hand) go; the rest is kept.
  const { profile, dropped } = repairProfile(value);
  return from === PROFILE_VERSION ? { status: 'current', profile, dropped } : { status: 'migrated', profile, from, dropped };
}
