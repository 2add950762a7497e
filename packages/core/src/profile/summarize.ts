import { SUMMARY_RECENT, type ProfileSummary } from '../adapters/types.ts';
import { aiplStages } from '../segments/aipl.ts';
import { rfmSegment } from '../segments/rfm.ts';
import { topDecayed } from './decay.ts';
import { PROFILE_DEFAULTS, type Profile } from './profile-types.ts';

/** The shopper in brief for a backend: top interests, RFM segment, AIPL stages, declared traits, the last items looked at. */
export function summarize(profile: Profile, now: number): ProfileSummary {
  const carted = new Set(profile.carted.map((c) => c.id));
  const seen = new Set<string>();
  const recent = [...profile.carted, ...profile.viewed]
    .sort((a, b) => b.time - a.time)
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .slice(0, SUMMARY_RECENT)
    .map((r) => ({ id: r.id, time: r.time, ...(carted.has(r.id) ? { carted: true as const } : {}) }));
  return {
    ...(recent.length ? { recent } : {}),
    interests: Object.fromEntries(topDecayed(profile.affinities.category, now, PROFILE_DEFAULTS.halfLifeDays).slice(0, 10).map(([k, v]) => [k, Math.round(v * 100) / 100])),
    rfmSegment: rfmSegment(profile, {}, now).segment,
    aipl: Object.fromEntries(Object.entries(aiplStages(profile, now)).filter(([, stage]) => stage !== 'none')),
    traits: profile.traits,
  };
}

