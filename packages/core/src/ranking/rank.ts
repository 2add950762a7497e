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
  /**
   * What the shopper viewed or carted recently and did not buy, shown again (once per feed). Above the
   * related lists for the latest few: on click logs, the item a shopper opens next is often one they
   * opened before. @default 2.5
   */
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
  /** How the latest items speak for the shopper now: how many, how fast they fade, how much each reminds. */
  intent?: Partial<IntentShape>;
  /** Return only the best this many (the rest are not sorted). @default all */
  limit?: number;
  /**
   * What the page is about (a product page's product): it speaks for the shopper's intent before
   * anything they looked at, its related list first, and is never a reminder of itself.
   */
  context?: RecentItem;
}

/**
 * How the items a shopper looked at last speak for them now: what goes with each (related lists), and
 * each as a reminder of itself. A store's own history may fit it (`shopscene tune`).
 */
export interface IntentShape {
  /** How many of the latest items count. @default 10 */
  window: number;
  /** Each older item's related list counts this much of the one after it. @default 0.6 */
  decay: number;
  /** An item looked at this many days ago counts half. @default 1 */
  halfLifeDays: number;
  /** Each older item reminds this much of the one after it. @default 0.9 */
  reminderDecay: number;
  /** The newest item's reminder, as a share of a full one (the item on screen now is seldom the next one opened). @default 1 */
  latestShare: number;
  /**
   * The reminder of an item carted without being looked at (an order's lines, a quick add), as a share
   * of a viewed one's: what is in the cart is at hand already. @default 0.1
   */
  cartedShare: number;
}

/** The defaults of {@link IntentShape}. */
export const INTENT_SHAPE: IntentShape = { window: 10, decay: 0.6, halfLifeDays: 1, reminderDecay: 0.9, latestShare: 1, cartedShare: 0.1 };

/** The defaults of {@link RankWeights}. */
export const RANK_WEIGHTS: RankWeights = { related: 2, reminder: 2.5, affinity: 1, recency: 0.5, search: 0.6, popularity: 0.35, exploration: 0.05 };

/** How much an item's own entry in its related list (opened again at once) adds to its reminder, times its strength. */
const REPEAT_SHARE = 2;

/** Share of a product's affinity that comes from each signal. */
const CATEGORY_SHARE = 0.6;
const BRAND_SHARE = 0.25;
const TAG_SHARE = 0.15;

/** The reason each part of the score gives, in the order they are computed. */
const PART_KINDS: ReasonKind[] = ['popular', 'related', 'reminder', 'category', 'brand', 'viewed', 'search', 'explore', 'scene'];
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

/** Categories and brands as numbers (one space of names for both): compared and looked up by number, not by text. */
const NAMES = new Map<string, number>();
const nameId = (name: string) => {
  let id = NAMES.get(name);
  if (id === undefined) NAMES.set(name, (id = NAMES.size));
  return id;
};

/**
 * What rank() reads of a candidates array, laid out in columns (typed arrays, one entry per
 * candidate) and made once per array: scoring 10,000 candidates then reads contiguous numbers rather
 * than chasing 10,000 objects. Arrays of candidates are not changed in place (a feed's pool, a static
 * catalog): a different length or different ends make it again.
 */
interface Columns {
  first: Product | undefined;
  last: Product | undefined;
  candidates: readonly Product[];
  /** Each id's positions (more than one only when an id repeats): made the first time an id is looked up. */
  at?: Map<string, number[]>;
  /** The categories of candidate i are cats[catStart[i]] … cats[catStart[i + 1] - 1]. */
  catStart: Int32Array;
  cats: Int32Array;
  leaf: Int32Array;
  brand: Int32Array;
  popularity: Float64Array;
  inStock: Uint8Array;
  maxPopularity: number;
  /** Exploration noise of each candidate for `noiseSeed`. */
  noiseSeed: number;
  noise: Float64Array;
}
// (A product's name ids are looked up anew for each array: a cache per product object cost more than the lookups.)
const columnCache = new WeakMap<readonly Product[], Columns>();
/**
 * (It reads each product once, mostly before V8 optimises it — a page ranks its catalog's first page
 * once: so plain loops over indices and the columns in locals.)
 */
function columnsOf(candidates: readonly Product[]): Columns {
  const n = candidates.length;
  const known = columnCache.get(candidates);
  if (known && known.leaf.length === n && known.first === candidates[0] && known.last === candidates[n - 1]) return known;
  let total = 0;
  for (let i = 0; i < n; i++) total += candidates[i]!.categories.length;
  const catStart = new Int32Array(n + 1);
  const cats = new Int32Array(total);
  const leaf = new Int32Array(n);
  const brand = new Int32Array(n);
  const popularity = new Float64Array(n);
  const inStock = new Uint8Array(n);
  let maxPopularity = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const p = candidates[i]!;
    const names = p.categories;
    catStart[i] = k;
    let id = -1;
    for (let j = 0; j < names.length; j++) cats[k++] = id = nameId(names[j]!);
    leaf[i] = id;
    brand[i] = p.brand ? nameId(p.brand) : -1;
    const popular = p.popularity;
    popularity[i] = popular;
    inStock[i] = p.inStock ? 1 : 0;
    if (popular > maxPopularity) maxPopularity = popular;
  }
  catStart[n] = k;
  const c: Columns = { first: candidates[0], last: candidates[n - 1], candidates, catStart, cats, leaf, brand, popularity, inStock, maxPopularity, noiseSeed: NaN, noise: new Float64Array(n) };
  columnCache.set(candidates, c);
  return c;
}
/** Calls `fn` with each position of `id` among the candidates. */
function eachPosition(c: Columns, id: string, fn: (at: number) => void) {
  // Not made with the columns: a newcomer's first ranking looks up no id at all.
  const at = (c.at ??= new Map());
  if (!at.size) c.candidates.forEach((p, i) => (at.get(p.id)?.push(i) ?? at.set(p.id, [i])));
  at.get(id)?.forEach(fn);
}
/** Values by name id for one call (zero where a name says nothing). */
function byName(size: number, entries: Iterable<[string, number]>): Float64Array {
  const out = new Float64Array(size);
  for (const [name, v] of entries) {
    const id = NAMES.get(name);
    if (id !== undefined) out[id] = v;
  }
  return out;
}

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
 * The latest items the shopper viewed or carted, newest first, each with how much its related list
 * says about their intent now (`weight`) and how much it reminds of itself (`reminder`), both fading
 * with position and with time.
 */
function intent(profile: Profile, now: number, shape: IntentShape, context?: RecentItem): { item: RecentItem; weight: number; reminder: number; carted: boolean }[] {
  const seen = new Set<string>();
  const carted = new Set(profile.carted.map((c) => c.id));
  const viewed = new Set(profile.viewed.map((v) => v.id));
  const out: { item: RecentItem; weight: number; reminder: number; carted: boolean }[] = [];
  const latest = [...profile.carted, ...profile.viewed].sort((a, b) => b.time - a.time);
  for (const item of context ? [{ ...context, time: now }, ...latest] : latest) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    const at = out.length;
    const fade = decayedValue({ w: 1, t: item.time }, now, shape.halfLifeDays);
    const isCarted = carted.has(item.id);
    const reminder = (at === 0 ? shape.latestShare : shape.reminderDecay ** at) * fade * (isCarted && !viewed.has(item.id) ? shape.cartedShare : 1);
    out.push({ item, weight: shape.decay ** at * fade, reminder, carted: isCarted });
    if (out.length >= shape.window) break;
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

  const cols = columnsOf(candidates);
  const n = candidates.length;
  const names = NAMES.size;
  const categories = byName(names, saturated(profile.affinities.category, now, halfLifeDays));
  const hasCategories = Object.keys(profile.affinities.category).length > 0;
  const brands = byName(names, saturated(profile.affinities.brand, now, halfLifeDays));
  // Strongest first: a product's first matching word is its best.
  const tags = [...saturated(profile.affinities.tag, now, halfLifeDays)];
  const bought = new Set(profile.bought.map((b) => b.id));
  const shape = { ...INTENT_SHAPE, ...options.intent };
  const recent = intent(profile, now, shape, options.context);
  if (options.context) excluded.add(options.context.id);
  const relatedOf = options.related ?? ((id: string) => idsOf(candidates).get(id)?.related);
  // Search words found in products: each product takes its strongest (tags come strongest first).
  const matched = new Uint16Array(n); // 1 + the index of the tag, or 0
  if (tags.length) {
    const words = wordsOf(candidates);
    tags.forEach(([tag], t) => {
      for (const i of words.get(tag) ?? []) matched[i] ||= t + 1;
    });
  }

  // Related lists of the latest items, and reminders of them (what was bought is no reminder).
  const related = new Map<string, { score: number; from: RecentItem }>();
  const reminders = new Map<string, number>();
  for (const { item, weight, reminder } of recent) {
    // What is in the cart is at hand already: it is a weaker reminder than what was looked at and left.
    if (!bought.has(item.id)) reminders.set(item.id, reminder);
    for (const [id, strength] of relatedOf(item.id) ?? []) {
      // Its own entry (how often shoppers open it again at once): a stronger reminder, never a reason of its own.
      if (id === item.id) {
        if (!bought.has(id)) reminders.set(id, reminder + REPEAT_SHARE * weight * strength);
        continue;
      }
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
  const boost = options.boost;

  // What depends on a candidate's id, from the profile's side: a handful of ids each (what the shopper
  // excluded, looked at, bought, was shown often), spread into columns by position.
  const blocked = new Uint8Array(n);
  for (const id of excluded) eachPosition(cols, id, (at) => (blocked[at] = 1));
  const relatedScore = new Float64Array(n);
  for (const [id, r] of related) eachPosition(cols, id, (at) => (relatedScore[at] = (w.related * r.score) / maxRelated));
  const reminderScore = new Float64Array(n);
  for (const [id, r] of reminders) eachPosition(cols, id, (at) => (reminderScore[at] = w.reminder * r));
  const hold = new Float64Array(n).fill(1);
  for (const b of bought) eachPosition(cols, b, (at) => (hold[at] = hold[at]! * 0.3));
  for (const [id, value] of topDecayed(profile.impressions, now, halfLifeDays)) if (value > 3) eachPosition(cols, id, (at) => (hold[at] = hold[at]! / (1 + 0.15 * (value - 3))));
  // (A weight left undefined explores nothing, as before; the other weights are numbers.)
  const exploration = w.exploration || 0;
  if (exploration && cols.noiseSeed !== seed) {
    for (let at = 0; at < n; at++) cols.noise[at] = seededUnit(seed, candidates[at]!.id);
    cols.noiseSeed = seed;
  }

  // Computed once per call, not per candidate: what fades with time, and which recent items (newest
  // first) had each category and brand — the newest two, for a product that is itself the newest — so
  // a candidate finds what it is like without a loop.
  const likeWeight = recent.map(({ item }, i) => (1 - i / shape.window) * decayedValue({ w: 1, t: item.time }, now, halfLifeDays));
  const likeByCategory = new Int32Array(names * 2).fill(-1);
  const likeByBrand = new Int32Array(names * 2).fill(-1);
  const note = (table: Int32Array, key: string | undefined, i: number) => {
    const id = key === undefined ? undefined : NAMES.get(key);
    if (id === undefined) return;
    if (table[id * 2] === -1) table[id * 2] = i;
    else if (table[id * 2 + 1] === -1) table[id * 2 + 1] = i;
  };
  recent.forEach(({ item }, i) => (note(likeByCategory, item.category, i), note(likeByBrand, item.brand, i)));
  /** The newest recent item with this category or brand (`name`), other than the product at `at` itself. */
  const likeOf = (table: Int32Array, name: number, at: number) => {
    if (name < 0) return -1;
    const first = table[name * 2]!;
    return first < 0 || recent[first]!.item.id !== candidates[at]!.id ? first : table[name * 2 + 1]!;
  };
  const boosted = new Uint8Array(boost ? names : 0);
  if (boost) for (const c of boost.categories) if (NAMES.has(c)) boosted[NAMES.get(c)!] = 1;
  const popularityWeight = cols.maxPopularity > 0 ? w.popularity / cols.maxPopularity : 0;
  const { catStart, cats, leaf, brand, popularity, inStock, noise } = cols;

  // Scores first (typed arrays, no object per candidate); items are made only for those returned.
  const scores = new Float64Array(n);
  const kinds = new Uint8Array(n);
  const likes = new Int8Array(n);
  for (let at = 0; at < n; at++) {
    if (blocked[at]) {
      scores[at] = -Infinity;
      continue;
    }
    let categoryAffinity = 0;
    if (hasCategories) for (let c = catStart[at]!; c < catStart[at + 1]!; c++) categoryAffinity = Math.max(categoryAffinity, (cats[c] === leaf[at] ? 1 : 0.5) * categories[cats[c]!]!);
    const brandAffinity = brand[at]! >= 0 ? brands[brand[at]!]! : 0;
    const tagAffinity = matched[at] ? tags[matched[at]! - 1]![1] : 0;
    // Like what was looked at last: only on a category or brand both actually have.
    let like = -1;
    if (recent.length) {
      const byCategory = likeOf(likeByCategory, leaf[at]!, at);
      const byBrand = likeOf(likeByBrand, brand[at]!, at);
      like = byCategory < 0 ? byBrand : byBrand < 0 ? byCategory : Math.min(byCategory, byBrand);
    }
    const likeness = like < 0 ? 0 : likeWeight[like]!;
    let inScene = false;
    if (boost) for (let c = catStart[at]!; c < catStart[at + 1]! && !inScene; c++) inScene = boosted[cats[c]!] === 1;

    // Each part with its reason; the strongest explains the item (ties: the first, in PART_KINDS order).
    // (Written out, not a loop over an array of parts: this runs once per candidate, mostly before V8
    // optimises it, and there the loop cost a third of the ranking.)
    const popular = popularityWeight * popularity[at]!;
    const relatedPart = relatedScore[at]!;
    const reminderPart = reminderScore[at]!;
    const categoryPart = w.affinity * (CATEGORY_SHARE * categoryAffinity + TAG_SHARE * tagAffinity);
    const brandPart = w.affinity * BRAND_SHARE * brandAffinity;
    const viewedPart = w.recency * likeness;
    const searchPart = w.search * tagAffinity;
    // (With no exploration the noise is not made for this seed: whatever it holds, times 0.)
    const explorePart = exploration * noise[at]!;
    const scenePart = inScene ? boost!.weight : 0;
    let score = popular + relatedPart + reminderPart + categoryPart + brandPart + viewedPart + searchPart + explorePart + scenePart;
    let strongest = 0;
    let top = popular;
    if (relatedPart > top) (strongest = 1), (top = relatedPart);
    if (reminderPart > top) (strongest = 2), (top = reminderPart);
    if (categoryPart > top) (strongest = 3), (top = categoryPart);
    if (brandPart > top) (strongest = 4), (top = brandPart);
    if (viewedPart > top) (strongest = 5), (top = viewedPart);
    if (searchPart > top) (strongest = 6), (top = searchPart);
    if (explorePart > top) (strongest = 7), (top = explorePart);
    if (scenePart > top) strongest = 8;
    // A named item the shopper just looked at explains a category match better than the category does.
    if (strongest === 3 && like >= 0 && recent[like]!.item.name && likeness > 0) strongest = 5;
    // Already bought, or shown again and again without a click: hold back, don't hide; out of stock, more so.
    score *= hold[at]!;
    if (!inStock[at]) score *= 0.2;
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
  return (diversity > 0 ? diversify(chosen, scores, leaf, diversity, limit) : chosen).slice(0, limit).map((at): RankedItem => {
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
 * Greedy re-rank of candidates (positions, best first, with their `scores` and `leaf` categories):
 * each item already taken from a category multiplies the next one's score by (1 - diversity). Items
 * without a category are not held back: nothing says they are alike. Returns the first `limit` places
 * (with no limit, the window mixed and then the rest in score order).
 */
function diversify(sorted: number[], scores: Float64Array, leaf: Int32Array, diversity: number, limit = Infinity): number[] {
  const window = Math.min(sorted.length, DIVERSITY_WINDOW);
  const steps = Math.min(window, limit);
  const hold = Array.from({ length: steps + 1 }, (_, n) => (1 - diversity) ** n);
  // The items of each category in order: within one, the first left is always its best, so each step
  // weighs only the first of every category (not every item left), and takes the best of those.
  const queues = new Map<number, { leaf: number; items: number[]; next: number; taken: number }>();
  for (let i = 0; i < window; i++) {
    const category = leaf[sorted[i]!]!;
    let queue = queues.get(category);
    if (!queue) queues.set(category, (queue = { leaf: category, items: [], next: 0, taken: 0 }));
    queue.items.push(i);
  }
  const heads = [...queues.values()];
  const out: number[] = [];
  for (let step = 0; step < steps; step++) {
    let best = heads[0]!;
    let bestScore = -Infinity;
    let bestAt = Infinity;
    for (const queue of heads) {
      if (queue.next >= queue.items.length) continue;
      const at = queue.items[queue.next]!;
      // Items without a category are not held back: nothing says they are alike.
      const s = scores[sorted[at]!]! * (queue.leaf >= 0 ? hold[queue.taken]! : 1);
      if (s > bestScore || (s === bestScore && at < bestAt)) {
        best = queue;
        bestScore = s;
        bestAt = at;
      }
    }
    out.push(sorted[bestAt]!);
    best.next++;
    if (best.leaf >= 0) best.taken++;
  }
  return steps < window ? out : out.concat(sorted.slice(window));
}
