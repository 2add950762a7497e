import type { AiplFacts, AiplStage, Profile } from '../profile/profile-types.ts';
import { own } from '../util/own.ts';

const DAY = 86_400_000;

/** How long each AIPL signal counts, in days; a stage decays when its window passes. */
export interface AiplWindows {
  /** An exposure (impression, list view) keeps a shopper aware this long. @default 30 */
  awareness: number;
  /** A detail view, click, brand search, wishlist or cart keeps them interested this long. @default 30 */
  interest: number;
  /** A purchase keeps them a purchaser this long. @default 180 */
  purchase: number;
  /** Two purchases, or advocacy after buying, within this many days make them loyal. @default 365 */
  loyalty: number;
}

/** The documented default windows. */
export const AIPL_WINDOWS: AiplWindows = { awareness: 30, interest: 30, purchase: 180, loyalty: 365 };

/** The stages in order, weakest first; a rule can ask for "at least interest". */
export const AIPL_STAGES: readonly AiplStage[] = ['none', 'awareness', 'interest', 'purchase', 'loyalty'];

/** The stage for one set of facts at `now`. */
export function stageOf(facts: AiplFacts | undefined, now: number, windows: Partial<AiplWindows> = {}): AiplStage {
  if (!facts) return 'none';
  const w = { ...AIPL_WINDOWS, ...windows };
  const within = (time: number | undefined, days: number) => time !== undefined && time <= now && now - time <= days * DAY;
  const purchases = Array.isArray(facts.purchases) ? facts.purchases : [];
  const recentPurchases = purchases.filter((t) => within(t, w.loyalty));
  if (recentPurchases.length >= 2 || (recentPurchases.length >= 1 && within(facts.advocated, w.loyalty))) return 'loyalty';
  if (purchases.some((t) => within(t, w.purchase))) return 'purchase';
  if (within(facts.interested, w.interest)) return 'interest';
  if (within(facts.exposed, w.awareness)) return 'awareness';
  return 'none';
}

/** Where the shopper stands with `brand` at `now`: Awareness → Interest → Purchase → Loyalty, or none. Pure. */
export function aiplStage(profile: Pick<Profile, 'aipl'>, brand: string, now: number, windows?: Partial<AiplWindows>): AiplStage {
  return stageOf(own(profile.aipl.brand, brand), now, windows);
}

/** The same for a category (its narrowest name). */
export function aiplCategoryStage(profile: Pick<Profile, 'aipl'>, category: string, now: number, windows?: Partial<AiplWindows>): AiplStage {
  return stageOf(own(profile.aipl.category, category), now, windows);
}

/** Every brand's and category's stage at `now`, keyed `brand:X` and `category:Y`. */
export function aiplStages(profile: Pick<Profile, 'aipl'>, now: number, windows?: Partial<AiplWindows>): Record<string, AiplStage> {
  const out: Record<string, AiplStage> = {};
  for (const [scope, map] of [['brand', profile.aipl.brand], ['category', profile.aipl.category]] as const) {
    for (const [name, facts] of Object.entries(map)) out[`${scope}:${name}`] = stageOf(facts, now, windows);
  }
  return out;
}

function stagesOf(profile: Pick<Profile, 'aipl'>, keys: string[], now: number, windows?: Partial<AiplWindows>): Record<string, AiplStage> {
  const out: Record<string, AiplStage> = {};
  for (const key of keys) {
    const [scope, ...rest] = key.split(':');
    const map = scope === 'brand' ? profile.aipl.brand : profile.aipl.category;
    out[key] = stageOf(own(map, rest.join(':')), now, windows);
  }
  return out;
}

/** A change of stage to announce: what moved, from where, to where. */
export interface StageChange {
  scope: 'brand' | 'category';
  name: string;
  from: AiplStage;
  to: AiplStage;
}

/**
 * The stages that differ from the ones last announced (`profile.stages`), including those that
 * decayed with time, and the map to store once they are announced.
 */
export function stageChanges(
  profile: Pick<Profile, 'aipl' | 'stages'>,
  now: number,
  windows?: Partial<AiplWindows>,
  /** Only these `brand:X` / `category:Y` keys (what one event touched); all when omitted. */
  only?: Iterable<string>,
): { changes: StageChange[]; stages: Record<string, AiplStage> } {
  const current = only ? stagesOf(profile, [...only], now, windows) : aiplStages(profile, now, windows);
  const changes: StageChange[] = [];
  const keys = only ? new Set(only) : new Set([...Object.keys(current), ...Object.keys(profile.stages)]);
  const stages: Record<string, AiplStage> = { ...(only ? profile.stages : {}) };
  for (const key of keys) {
    const to = own(current, key) ?? 'none';
    const from = own(profile.stages, key) ?? 'none';
    if (to !== 'none') stages[key] = to;
    else delete stages[key];
    if (to === from) continue;
    const [scope, ...rest] = key.split(':');
    changes.push({ scope: scope as 'brand' | 'category', name: rest.join(':'), from, to });
  }
  return { changes, stages };
}
