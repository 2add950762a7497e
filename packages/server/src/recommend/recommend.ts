import { createProfile, leafCategory, localize, rank, selectScene, type Product, type ProfileSummary, type RecentItem, type SceneConfig } from '@shopscene/core';
import { filtered, type CatalogIndex } from '../catalog/catalog-index.ts';

/** A recommendations request, as the contract has it (`RecommendationRequest`). */
export interface RecommendationRequest {
  placement: string;
  cursor?: string | null;
  limit?: number;
  filter?: { categories?: string[]; tags?: string[]; brands?: string[]; ids?: string[] };
  profile?: ProfileSummary;
}

/**
 * How many candidates a page is ranked from: those that can speak for this shopper (what goes with the
 * items they looked at, their interests' bestsellers, the scene's categories), what is trending, then
 * the most popular. Past them, the rest of the catalog follows by popularity.
 */
const POOL = { popular: 80, perInterest: 30, perRecentCategory: 12, trending: 12, scene: 80, filtered: 200 } as const;
/** rank() orders the first this many with its category mixing; the rest by score (see DIVERSITY_WINDOW in rank). */
const RANK_DEPTH = 120;

/**
 * The shopper a summary describes, as a profile `rank()` reads: interests, traits, the last items looked
 * at (named from the catalog, so a reason can say "Shoppers who viewed Green tea also viewed this").
 */
export function profileFromSummary(summary: ProfileSummary | undefined, now: number, named?: (id: string) => Product | undefined) {
  const profile = createProfile({ createdAt: now, anonymousId: 'summary' });
  if (!summary) return profile;
  const recent = (summary.recent ?? []).filter((r) => r && typeof r.id === 'string' && Number.isFinite(r.time));
  return {
    ...profile,
    traits: summary.traits ?? {},
    affinities: { ...profile.affinities, category: Object.fromEntries(Object.entries(summary.interests ?? {}).filter(([, w]) => Number.isFinite(w) && w > 0).map(([k, w]) => [k, { w, t: now }])) },
    viewed: recent.filter((r) => !r.carted).map((r) => recentItem(r, named)),
    carted: recent.filter((r) => r.carted).map((r) => recentItem(r, named)),
  };
}

/** A summary's recent item, with what the catalog says of it. */
function recentItem(r: { id: string; time: number }, named?: (id: string) => Product | undefined): RecentItem {
  const p = named?.(r.id);
  if (!p) return { id: r.id, time: r.time };
  const category = leafCategory(p);
  return { id: r.id, time: r.time, name: p.title, ...(p.brand ? { brand: p.brand } : {}), ...(category ? { category } : {}) };
}

/** `offset.seed` in base 36: where the next page starts, and the exploration seed that keeps pages consistent. */
export function parseCursor(cursor: string | null | undefined): { offset: number; seed: number } | null {
  if (cursor === undefined || cursor === null || cursor === '') return { offset: 0, seed: Math.floor(Math.random() * 2 ** 31) };
  const m = /^([0-9a-z]{1,8})\.([0-9a-z]{1,8})$/.exec(cursor);
  return m ? { offset: Number.parseInt(m[1]!, 36), seed: Number.parseInt(m[2]!, 36) } : null;
}
const formatCursor = (offset: number, seed: number) => `${offset.toString(36)}.${seed.toString(36)}`;

/**
 * One page of recommendations for a placement: candidates that can speak for this shopper (the related
 * lists of what they looked at last, their interests' bestsellers, what is trending, the scene's
 * categories), ranked with core's `rank()` and the store's fitted blend, then the rest of the matching
 * catalog by popularity. Stateless: the cursor holds the offset and the seed, so any server answers
 * the next page.
 */
export function recommendPage(index: CatalogIndex, request: RecommendationRequest, options: { now: number; scenes: SceneConfig | null }): { items: Product[]; cursor: string | null } {
  const { now } = options;
  const limit = Math.max(1, Math.min(Math.floor(request.limit ?? 12), 100));
  const { offset, seed } = parseCursor(request.cursor) ?? { offset: 0, seed: 0 };
  const profile = profileFromSummary(request.profile, now, (id) => index.byId.get(id));
  const matching = filtered(index, request.filter);
  const allowed = request.filter ? new Set(matching) : null;
  const pool = new Set<Product>();
  const add = (list: readonly Product[] | undefined, n: number) => {
    if (!list) return;
    let added = 0;
    for (const p of list) {
      if (added >= n) break;
      if (allowed && !allowed.has(p)) continue;
      pool.add(p);
      added++;
    }
  };

  // "Shoppers also viewed" on a product page: ranked around that product, never showing it.
  const aboutId = request.placement.startsWith('related:') ? request.placement.slice(8) : undefined;
  const about = aboutId ? index.byId.get(aboutId) : undefined;
  const recent = [...(about ? [about.id] : []), ...profile.carted.map((c) => c.id), ...profile.viewed.map((v) => v.id)];
  for (const id of recent) {
    const product = index.byId.get(id);
    if (!product) continue;
    add([product], 1); // a reminder
    add((product.related ?? []).map(([rid]) => index.byId.get(rid)).filter((p): p is Product => !!p), 20);
    const leaf = leafCategory(product);
    if (leaf) add(index.byCategory.get(leaf), POOL.perRecentCategory);
  }
  for (const category of Object.keys(profile.affinities.category)) add(index.byCategory.get(category), POOL.perInterest);
  // A scene's own waterfall, and the home waterfall while a scene is active: its categories mixed in.
  const sceneId = request.placement.startsWith('scene:') ? request.placement.slice(6) : undefined;
  let boost: { categories: string[]; weight: number; label: string } | undefined;
  if (options.scenes && (sceneId || request.placement === 'guess-you-like')) {
    const active = sceneId
      ? selectScene({ ...options.scenes, scenes: options.scenes.scenes.filter((s) => s.id === sceneId) }, profile, now, { device: 'desktop' })
      : selectScene(options.scenes, profile, now, { device: 'desktop' });
    const weight = sceneId ? 1 : (active?.scene.boost ?? 0);
    if (active && weight > 0) {
      const categories = active.scene.floors.flatMap((f) => f.source?.categories ?? []);
      boost = { categories, weight, label: localize(active.scene.title, 'en') };
      for (const c of categories) add(index.byCategory.get(c), Math.ceil(POOL.scene / Math.max(1, categories.length)));
    }
  }
  add(index.trending, POOL.trending);
  add(matching, request.filter ? POOL.filtered : POOL.popular);

  const exclude = about ? [about.id] : [];
  const context = about && { id: about.id, time: 0, name: about.title, ...(about.brand ? { brand: about.brand } : {}), ...(leafCategory(about) ? { category: leafCategory(about)! } : {}) };
  // The best of the pool as far as this page reaches: rank() orders a prefix the same whatever its
  // limit (past RANK_DEPTH, by score alone), so every page splits the pool at the same place.
  const candidates = [...pool];
  const rankable = candidates.filter((p) => !exclude.includes(p.id)).length;
  const ranked = rank(candidates, profile, {
    now,
    seed,
    ...(index.blend?.weights ? { weights: index.blend.weights } : {}),
    ...(index.blend?.intent ? { intent: index.blend.intent } : {}),
    exclude,
    related: (id) => index.byId.get(id)?.related,
    ...(boost ? { boost } : {}),
    ...(context ? { context } : {}),
    limit: Math.max(offset + limit, RANK_DEPTH),
  }).map((r) => r.product);
  // Past the ranked candidates: the rest of what matches, by popularity.
  const taken = new Set([...candidates.map((p) => p.id), ...exclude]);
  const page: Product[] = ranked.slice(offset, offset + limit);
  let more = rankable > offset + limit;
  if (page.length < limit || !more) {
    let skip = Math.max(0, offset - rankable);
    more = false;
    for (const p of matching) {
      if (taken.has(p.id)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      if (page.length >= limit) {
        more = true;
        break;
      }
      page.push(p);
    }
  }
  return { items: page, cursor: more ? formatCursor(offset + limit, seed) : null };
}
