import { leafCategory, type Product, type RelatedItem } from '../adapters/product.ts';
import { decayedValue, topDecayed } from '../profile/decay.ts';
import { PROFILE_DEFAULTS, type Profile, type RecentItem } from '../profile/profile-types.ts';
import { seededUnit } from '../util/hash.ts';

/** Why an item is where it is; the widgets say it in the shopper's language from `kind` and `because`. */
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

/** How the blend is weighed; each part is 0–1 before its weight. */
export interface RankWeights {
  /** Items in the related lists ("shoppers who viewed this also viewed") of what the shopper looked at last; the latest counts most. @default 2 */
  related: number;
  /** What the shopper viewed or carted recently and did not buy, shown again (once per feed). @default 0.45 */
  reminder: number;
  /** Long-term interest in the product's categories, brand and tags (only those the product has). @default 1 */
  affinity: number;
  /** Same narrowest category or brand as what the shopper looked at most recently. @default 0.5 */
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
  /** The related list of a product by id, for products not among the candidates (by default: the candidates' own). */
  related?: (id: string) => RelatedItem[] | undefined;
  /** Return only the best this many (the rest are not sorted). @default all */
  limit?: number;
  /**
   * What the page is about (a product page's product): it speaks for the shopper's intent before
   * anything they looked at, its related list first, and is never a reminder of itself.
   */
  context?: RecentItem;
}

/** The defaults of {@link RankWeights}. */
export const RANK_WEIGHTS: RankWeights = { related: 2, reminder: 0.45, affinity: 1, recency: 0.5, search: 0.6, popularity: 0.35, exploration: 0.05 };

/** Share of a product's affinity that comes from each signal. */
const CATEGORY_SHARE = 0.6;
const BRAND_SHARE = 0.25;
const TAG_SHARE = 0.15;
/** How many of the latest items speak for the shopper's intent now. */
const RECENT_WINDOW = 10;
/** Each older item counts this much of the one after it. */
const POSITION_DECAY = 0.75;
/** Intent fades fast: an item looked at a day ago counts half. */
const INTENT_HALF_LIFE_DAYS = 1;
/** A carted item's reminder counts this share of a viewed one's. */
const CARTED_REMINDER = 0.5;
/** The reason each part of the score gives, in the order they are computed. */
const PART_KINDS: ReasonKind[] = ['popular', 'related', 'reminder', 'category', 'brand', 'viewed', 'search', 'explore', 'scene'];
/** Scratch space for one candidate's parts (rank() is synchronous: one user at a time). */
const PARTS = new Float64Array(9);
/** Diversity is re-ranked greedily over this many leading items; beyond them order is by score alone. */
const DIVERSITY_WINDOW = 120;

const ENGLISH: Record<ReasonKind, (because?: string) => string> = {
  viewed: (b) => `Because you viewed ${b ?? 'something similar'}`,
  reminder: () => 'You looked at this recently',
  related: (b) => `Shoppers who viewed ${b ?? 'this'} also viewed this`,
  category: (b) => `Because you like ${b ?? 'this kind of thing'}`,
  brand: (b) => `More from ${b}`,
  search: (b) => `Matches your search "${b}"`,
  popular: () => 'Popular right now',
  explore: () => 'Something new to discover',
  scene: (b) => `For ${b}`,
  backend: () => 'Recommended for you',
};

/** Made once per candidates array, and only when needed: the candidates by id, and by word. */
const idCache = new WeakMap<readonly Product[], Map<string, Product>>();
const wordCache = new WeakMap<readonly Product[], Map<string, number[]>>();
function idsOf(candidates: readonly Product[]): Map<string, Product> {
  let ids = idCache.get(candidates);
  if (!ids) idCache.set(candidates, (ids = new Map(candidates.map((p) => [p.id, p]))));
  return ids;
}
/** Each word of the candidates' titles, tags, categories and brands, with the candidates it is in. */
function wordsOf(candidates: readonly Product[]): Map<string, number[]> {
  let words = wordCache.get(candidates);
  if (!words) {
    wordCache.set(candidates, (words = new Map()));
    candidates.forEach((p, i) => {
      for (const word of new Set([p.title, ...p.tags, ...p.categories, p.brand ?? ''].join(' ').toLowerCase().split(/[^\p{L}\p{N}]+/u))) {
        const list = words!.get(word);
        if (list) list.push(i);
        else words!.set(word, [i]);
      }
    });
  }
  return words;
}

/** Interest in 0..1 that saturates: one view gives 0.5, a view and a cart 0.8; faded interest goes to 0. */
function saturated(map: Record<string, Profile['affinities']['category'][string]>, now: number, halfLife: number): Map<string, number> {
  return new Map(topDecayed(map, now, halfLife).map(([k, v]) => [k, v / (v + 1)]));
}

/**
 * The latest items the shopper viewed or carted, newest first, each with how much it says about
 * their intent now (fading with position and with time).
 */
function intent(profile: Profile, now: number, context?: RecentItem): { item: RecentItem; weight: number; carted: boolean }[] {
  const seen = new Set<string>();
  const carted = new Set(profile.carted.map((c) => c.id));
  const out: { item: RecentItem; weight: number; carted: boolean }[] = [];
  const latest = [...profile.carted, ...profile.viewed].sort((a, b) => b.time - a.time);
  for (const item of context ? [{ ...context, time: now }, ...latest] : latest) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    out.push({ item, weight: POSITION_DECAY ** out.length * decayedValue({ w: 1, t: item.time }, now, INTENT_HALF_LIFE_DAYS), carted: carted.has(item.id) });
    if (out.length === RECENT_WINDOW) break;
  }
  return out;
}

/**
 * Ranks candidates for one shopper. Pure. Blends, each with its weight (see {@link RANK_WEIGHTS}):
 * the related lists of what the shopper looked at last, a reminder of items viewed or carted and not
 * bought, category/brand/tag affinity (only where the product has them), searches, popularity, an
 * active scene's boost, and a little seeded exploration; holds back items shown often without a
 * click, bought or out of stock; leaves out dislikes; mixes categories. Every item says why it is there,
 * truthfully: "Shoppers who viewed X also viewed this" only when X's related list names it.
 */
export function rank(candidates: readonly Product[], profile: Profile, options: RankOptions): RankedItem[] {
  const { now, seed = 0, diversity = 0.08, halfLifeDays = PROFILE_DEFAULTS.halfLifeDays } = options;
  const w = { ...RANK_WEIGHTS, ...options.weights };
  const excluded = new Set(options.exclude);
  for (const d of profile.dislikes) excluded.add(d.id);

  const categories = saturated(profile.affinities.category, now, halfLifeDays);
  const brands = saturated(profile.affinities.brand, now, halfLifeDays);
  // Strongest first: a product's first matching word is its best.
  const tags = [...saturated(profile.affinities.tag, now, halfLifeDays)];
  const bought = new Set(profile.bought.map((b) => b.id));
  const recent = intent(profile, now, options.context);
  if (options.context) excluded.add(options.context.id);
  const relatedOf = options.related ?? ((id: string) => idsOf(candidates).get(id)?.related);
  // Search words found in products: each product takes its strongest (tags come strongest first).
  const matched = new Uint16Array(tags.length ? candidates.length : 0); // 1 + the index of the tag, or 0
  if (tags.length) {
    const words = wordsOf(candidates);
    tags.forEach(([tag], t) => {
      for (const i of words.get(tag) ?? []) matched[i] ||= t + 1;
    });
  }

  // Related lists of the latest items, and reminders of them (what was bought is no reminder).
  const related = new Map<string, { score: number; from: RecentItem }>();
  const reminders = new Map<string, number>();
  for (const { item, weight, carted } of recent) {
    // What is in the cart is at hand already: it is a weaker reminder than what was looked at and left.
    if (!bought.has(item.id)) reminders.set(item.id, carted ? CARTED_REMINDER * weight : weight);
    for (const [id, strength] of relatedOf(item.id) ?? []) {
      const known = related.get(id);
      const add = weight * strength;
      if (!known) related.set(id, { score: add, from: item });
      else {
        if (add > known.score) known.from = item; // the strongest single source names the reason
        known.score += add;
      }
    }
  }
  let maxRelated = 0;
  for (const r of related.values()) maxRelated = Math.max(maxRelated, r.score);
  let maxPopularity = 0;
  for (const p of candidates) if (p.popularity > maxPopularity) maxPopularity = p.popularity;
  const boost = options.boost;

  // Computed once per call, not per candidate: what fades with time, and which recent items (newest
  // first) had each category and brand, so a candidate finds what it is like without a loop.
  const likeWeight = recent.map(({ item }, i) => (1 - i / RECENT_WINDOW) * decayedValue({ w: 1, t: item.time }, now, halfLifeDays));
  const likeByCategory = new Map<string, number[]>();
  const likeByBrand = new Map<string, number[]>();
  const note = (map: Map<string, number[]>, key: string | undefined, i: number) => key && map.set(key, [...(map.get(key) ?? []), i]);
  recent.forEach(({ item }, i) => (note(likeByCategory, item.category, i), note(likeByBrand, item.brand, i)));
  /** The newest recent item in `list`, other than the product itself. */
  const likeOf = (list: number[] | undefined, id: string) => {
    if (list) for (const i of list) if (recent[i]!.item.id !== id) return i;
    return -1;
  };
  const shownOften = new Map<string, number>();
  for (const [id, value] of topDecayed(profile.impressions, now, halfLifeDays)) if (value > 3) shownOften.set(id, value);
  const popularityWeight = maxPopularity > 0 ? w.popularity / maxPopularity : 0;

  // Scores first (typed arrays, no object per candidate); items are made only for those returned.
  const n = candidates.length;
  const scores = new Float64Array(n);
  const kinds = new Uint8Array(n);
  const likes = new Int8Array(n);
  for (let at = 0; at < n; at++) {
    const product = candidates[at]!;
    const id = product.id;
    if (excluded.has(id)) {
      scores[at] = -Infinity;
      continue;
    }
    const leaf = leafCategory(product);
    let categoryAffinity = 0;
    if (categories.size) for (const c of product.categories) categoryAffinity = Math.max(categoryAffinity, (c === leaf ? 1 : 0.5) * (categories.get(c) ?? 0));
    const brandAffinity = product.brand ? (brands.get(product.brand) ?? 0) : 0;
    const tagAffinity = matched.length && matched[at] ? tags[matched[at]! - 1]![1] : 0;
    // Like what was looked at last: only on a category or brand both actually have.
    let like = -1;
    if (recent.length) {
      const byCategory = leaf ? likeOf(likeByCategory.get(leaf), id) : -1;
      const byBrand = product.brand ? likeOf(likeByBrand.get(product.brand), id) : -1;
      like = byCategory < 0 ? byBrand : byBrand < 0 ? byCategory : Math.min(byCategory, byBrand);
    }
    const likeness = like < 0 ? 0 : likeWeight[like]!;
    const rel = related.size ? related.get(id) : undefined;

    // Each part with its reason; the strongest explains the item (ties: the first, in PART_KINDS order).
    const parts = PARTS;
    parts[0] = popularityWeight * product.popularity;
    parts[1] = rel ? (w.related * rel.score) / maxRelated : 0;
    parts[2] = reminders.size ? w.reminder * (reminders.get(id) ?? 0) : 0;
    parts[3] = w.affinity * (CATEGORY_SHARE * categoryAffinity + TAG_SHARE * tagAffinity);
    parts[4] = w.affinity * BRAND_SHARE * brandAffinity;
    parts[5] = w.recency * likeness;
    parts[6] = w.search * tagAffinity;
    parts[7] = w.exploration ? w.exploration * seededUnit(seed, id) : 0;
    parts[8] = boost && product.categories.some((c) => boost.categories.includes(c)) ? boost.weight : 0;
    let score = 0;
    let strongest = 0;
    for (let i = 0; i < 9; i++) {
      score += parts[i]!;
      if (parts[i]! > parts[strongest]!) strongest = i;
    }
    // A named item the shopper just looked at explains a category match better than the category does.
    if (strongest === 3 && like >= 0 && recent[like]!.item.name && likeness > 0) strongest = 5;
    // Already bought, or shown again and again without a click: hold back, don't hide.
    if (bought.has(id)) score *= 0.3;
    const shown = shownOften.size ? shownOften.get(id) : undefined;
    if (shown) score /= 1 + 0.15 * (shown - 3);
    if (!product.inStock) score *= 0.2;
    scores[at] = score;
    kinds[at] = strongest;
    likes[at] = like;
  }

  // With a limit, only the best are sorted (diversity needs its window of them): those scoring at
  // least the k-th best score, found by a native sort of the scores alone.
  const order = (a: number, b: number) => scores[b]! - scores[a]! || (candidates[a]!.id < candidates[b]!.id ? -1 : 1);
  const limit = options.limit;
  const k = limit === undefined ? n : Math.max(limit, DIVERSITY_WINDOW);
  const floor = k < n ? kthLargest(Float64Array.from(scores), k) : -Infinity;
  const chosen: number[] = [];
  for (let at = 0; at < n; at++) if (scores[at]! >= floor && scores[at] !== -Infinity) chosen.push(at);
  chosen.sort(order).length = Math.min(chosen.length, k); // ties at the floor may bring a few more
  const items = chosen.map((at): RankedItem => {
    const product = candidates[at]!;
    const kind = PART_KINDS[kinds[at]!]!;
    const rel = related.get(product.id);
    const because =
      kind === 'viewed' ? recent[likes[at]!]?.item.name
      : kind === 'related' ? (rel!.from.name ?? idsOf(candidates).get(rel!.from.id)?.title)
      : kind === 'category' ? leafCategory(product)
      : kind === 'brand' ? product.brand
      : kind === 'search' ? tags[matched[at]! - 1]![0]
      : kind === 'scene' ? boost!.label
      : undefined;
    return { product, score: scores[at]!, kind, reason: ENGLISH[kind](because), ...(because ? { because } : {}) };
  });
  return (diversity > 0 ? diversify(items, diversity) : items).slice(0, limit);
}

/** The k-th largest of `values` (which it reorders), in linear time on average (quickselect). */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = values.length - k; // its place in ascending order
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target]!;
}

/**
 * Greedy re-rank: each item already taken from a category multiplies the next one's score by
 * (1 - diversity). Items without a category are not held back: nothing says they are alike.
 */
function diversify(sorted: RankedItem[], diversity: number): RankedItem[] {
  const head = sorted.slice(0, DIVERSITY_WINDOW);
  const out: RankedItem[] = [];
  const taken = new Map<string, number>();
  const hold = Array.from({ length: DIVERSITY_WINDOW + 1 }, (_, n) => (1 - diversity) ** n);
  while (head.length) {
    let best = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < head.length; i++) {
      const item = head[i]!;
      // Sorted by score: nothing further down can beat the best adjusted score.
      if (item.score <= bestScore) break;
      const leaf = leafCategory(item.product);
      const s = leaf ? item.score * hold[taken.get(leaf) ?? 0]! : item.score;
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    const [item] = head.splice(best, 1);
    const leaf = leafCategory(item!.product);
    if (leaf) taken.set(leaf, (taken.get(leaf) ?? 0) + 1);
    out.push(item!);
  }
  return out.concat(sorted.slice(DIVERSITY_WINDOW));
}
