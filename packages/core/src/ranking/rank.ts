import { leafCategory, type Product } from '../adapters/product.ts';
import { decayedValue, topDecayed } from '../profile/decay.ts';
import { PROFILE_DEFAULTS, type Profile } from '../profile/profile-types.ts';
import { seededUnit } from '../util/hash.ts';
import { own } from '../util/own.ts';

/** Why an item is where it is; `reason` says it in words a shopper understands. */
export type ReasonKind = 'viewed' | 'reminder' | 'related' | 'category' | 'brand' | 'search' | 'popular' | 'explore' | 'scene' | 'backend';

/** A ranked product. */
export interface RankedItem {
  product: Product;
  score: number;
  kind: ReasonKind;
  /** e.g. "Because you viewed Green tea" (English; widgets say it from `kind` and `because`). */
  reason: string;
  /** What the reason names: the item viewed, the category, brand, search term or scene. */
  because?: string;
}

/** How the blend is weighed. */
export interface RankWeights {
  /** Long-term interest in the product's categories, brand and tags. @default 1 */
  affinity: number;
  /** Likeness to what the shopper looked at most recently. @default 0.5 */
  recency: number;
  /** Matches with recent searches. @default 0.6 */
  search: number;
  /** How popular the product is across the store. @default 0.35 */
  popularity: number;
  /** A little randomness so the shopper sees something new. @default 0.05 */
  exploration: number;
}

/** Options of {@link rank}. */
export interface RankOptions {
  /** The time to rank at (epoch ms); interests fade with it. */
  now: number;
  /** Fixes the exploration noise: the same seed, profile and candidates give the same order. @default 0 */
  seed?: number;
  weights?: Partial<RankWeights>;
  /** Ids never to return, on top of the shopper's dislikes. */
  exclude?: Iterable<string>;
  /** How much each further item of the same category is held back (0 = not at all). @default 0.08 */
  diversity?: number;
  /** @default 14 */
  halfLifeDays?: number;
  /** An active scene's categories mixed in: products of these categories gain `weight`. */
  boost?: { categories: string[]; weight: number; label: string };
}

/** The defaults of {@link RankWeights}. */
export const RANK_WEIGHTS: RankWeights = { affinity: 1, recency: 0.5, search: 0.6, popularity: 0.35, exploration: 0.05 };

/** Share of a product's affinity that comes from each signal. */
const CATEGORY_SHARE = 0.6;
const BRAND_SHARE = 0.25;
const TAG_SHARE = 0.15;
/** How many recent items count for "because you viewed". */
const RECENT_WINDOW = 6;
/** Diversity is re-ranked greedily over this many leading items; beyond them order is by score alone. */
const DIVERSITY_WINDOW = 240;

/** Interest in 0..1 that saturates: one view gives 0.5, a view and a cart 0.8; faded interest goes to 0. */
function saturated(map: Profile['affinities']['category'], now: number, halfLife: number): Map<string, number> {
  return new Map(topDecayed(map, now, halfLife).map(([k, v]) => [k, v / (v + 1)]));
}

function words(product: Product): Set<string> {
  return new Set(
    [product.title, ...product.tags, ...product.categories, product.brand ?? '']
      .join(' ')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u),
  );
}

/**
 * Ranks candidates for one shopper. Pure: blends affinity, recency, popularity and a little seeded
 * exploration; excludes dislikes; holds back runs of one category; falls back to popular items for
 * a new shopper. Every item carries a human-readable reason.
 */
export function rank(candidates: readonly Product[], profile: Profile, options: RankOptions): RankedItem[] {
  const { now, seed = 0, diversity = 0.08, halfLifeDays = PROFILE_DEFAULTS.halfLifeDays } = options;
  const w = { ...RANK_WEIGHTS, ...options.weights };
  const excluded = new Set(options.exclude);
  for (const d of profile.dislikes) excluded.add(d.id);

  const categories = saturated(profile.affinities.category, now, halfLifeDays);
  const brands = saturated(profile.affinities.brand, now, halfLifeDays);
  const tags = saturated(profile.affinities.tag, now, halfLifeDays);
  const recent = [...profile.carted, ...profile.viewed].sort((a, b) => b.time - a.time).slice(0, RECENT_WINDOW);
  const bought = new Set(profile.bought.map((b) => b.id));
  const maxPopularity = candidates.reduce((max, p) => Math.max(max, p.popularity), 0);

  const scored: RankedItem[] = [];
  for (const product of candidates) {
    if (excluded.has(product.id)) continue;
    const leaf = leafCategory(product);
    const categoryAffinity = Math.max(0, ...product.categories.map((c) => (c === leaf ? 1 : 0.5) * (categories.get(c) ?? 0)));
    const brandAffinity = product.brand ? (brands.get(product.brand) ?? 0) : 0;
    const productWords = words(product);
    let tagAffinity = 0;
    let searchTerm: string | undefined;
    for (const [token, value] of tags) {
      if (productWords.has(token) && value > tagAffinity) {
        tagAffinity = value;
        searchTerm = token;
      }
    }
    const recentIndex = recent.findIndex((r) => r.id !== product.id && (r.category === leaf || (!!r.brand && r.brand === product.brand)));
    const recentItem = recent[recentIndex];
    const recency = recentItem ? (1 - recentIndex / RECENT_WINDOW) * decayedValue({ w: 1, t: recentItem.time }, now, halfLifeDays) : 0;
    const popularity = maxPopularity > 0 ? product.popularity / maxPopularity : 0;
    const explore = seededUnit(seed, product.id);

    const parts: [ReasonKind, number][] = [
      ['category', w.affinity * (CATEGORY_SHARE * categoryAffinity + TAG_SHARE * tagAffinity)],
      ['brand', w.affinity * BRAND_SHARE * brandAffinity],
      ['viewed', w.recency * recency],
      ['search', w.search * tagAffinity],
      ['popular', w.popularity * popularity],
      ['explore', w.exploration * explore],
      ['scene', options.boost && product.categories.some((c) => options.boost!.categories.includes(c)) ? options.boost.weight : 0],
    ];
    let score = parts.reduce((sum, [, v]) => sum + v, 0);
    // Already bought, or shown again and again without a click: hold back, don't hide.
    if (bought.has(product.id)) score *= 0.3;
    const shown = decayedValue(own(profile.impressions, product.id), now, halfLifeDays);
    if (shown > 3) score /= 1 + 0.15 * (shown - 3);
    if (!product.inStock) score *= 0.2;

    let [kind] = parts.reduce((best, part) => (part[1] > best[1] ? part : best));
    // A named item the shopper just looked at explains a category match better than the category does.
    if (kind === 'category' && recentItem?.name && recency > 0) kind = 'viewed';
    const reason =
      kind === 'viewed'
        ? `Because you viewed ${recentItem?.name ?? 'something similar'}`
        : kind === 'category'
          ? `Because you like ${leaf ?? 'this kind of thing'}`
          : kind === 'brand'
            ? `More from ${product.brand}`
            : kind === 'search'
              ? `Matches your search "${searchTerm}"`
              : kind === 'explore'
                ? 'Something new to discover'
                : kind === 'scene'
                  ? `For ${options.boost!.label}`
                  : 'Popular right now';
    const because = kind === 'viewed' ? recentItem?.name : kind === 'category' ? leaf : kind === 'brand' ? product.brand : kind === 'search' ? searchTerm : kind === 'scene' ? options.boost?.label : undefined;
    scored.push({ product, score, kind, reason, ...(because ? { because } : {}) });
  }
  scored.sort((a, b) => b.score - a.score || (a.product.id < b.product.id ? -1 : 1));
  return diversity > 0 ? diversify(scored, diversity) : scored;
}

/** Greedy re-rank: each item already taken from a category multiplies the next one's score by (1 - diversity). */
function diversify(sorted: RankedItem[], diversity: number): RankedItem[] {
  const head = sorted.slice(0, DIVERSITY_WINDOW);
  const out: RankedItem[] = [];
  const taken = new Map<string, number>();
  while (head.length) {
    let best = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < head.length; i++) {
      const item = head[i]!;
      const s = item.score * Math.pow(1 - diversity, taken.get(leafCategory(item.product) ?? '') ?? 0);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
      // Sorted by score: nothing further down can beat the best adjusted score.
      if (item.score <= bestScore) break;
    }
    const [item] = head.splice(best, 1);
    const leaf = leafCategory(item!.product) ?? '';
    taken.set(leaf, (taken.get(leaf) ?? 0) + 1);
    out.push(item!);
  }
  return out.concat(sorted.slice(DIVERSITY_WINDOW));
}
