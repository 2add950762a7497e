import type { ProfileSummary } from '../adapters/types.ts';
import { aiplStages } from '../segments/aipl.ts';
import { rfmSegment } from '../segments/rfm.ts';
import { topDecayed } from './decay.ts';
import { PROFILE_DEFAULTS, type Profile } from './profile-types.ts';

/** The shopper in brief for a backend: top interests, RFM segment, AIPL stages, declared traits. */
export function summarize(profile: Profile, now: number): ProfileSummary {
  return {
    interests: Object.fromEntries(topDecayed(profile.affinities.category, now, PROFILE_DEFAULTS.halfLifeDays).slice(0, 10).map(([k, v]) => [k, Math.round(v * 100) / 100])),
    rfmSegment: rfmSegment(profile, {}, now).segment,
    aipl: Object.fromEntries(Object.entries(aiplStages(profile, now)).filter(([, stage]) => stage !== 'none')),
    traits: profile.traits,
  };
}

