import type { EventItem, ShopEvent } from '../events/event-schema.ts';
import { itemCategories } from '../events/item-categories.ts';
import { own } from '../util/own.ts';
import { addDecayed, PRUNE_TO, pruneDecayed } from './decay.ts';
import { PROFILE_DEFAULTS, type AiplFacts, type Decayed, type Order, type Profile, type ProfileOptions, type RecentItem } from './profile-types.ts';

/**
 * How much each event says about an interest. Carting and buying say far more than a glance;
 * a "not interested" pulls the item's category and brand down.
 */
const INTEREST: Partial<Record<ShopEvent['name'], number>> = {
  view_item: 1,
  select_item: 0.5,
  add_to_wishlist: 2,
  add_to_cart: 3,
  begin_checkout: 1,
  purchase: 4,
  share: 1,
  remove_from_cart: -0.5,
  dislike_item: -1.5,
};

/** Parent categories count half as much as the narrowest one: a view of "Green tea" says less about "Groceries". */
const PARENT_SHARE = 0.5;
const SEARCH_TERM_WEIGHT = 1;

function recentItem(item: EventItem, time: number): RecentItem {
  const categories = itemCategories(item);
  const recent: RecentItem = { id: item.item_id, time };
  if (item.item_name) recent.name = item.item_name;
  if (item.item_brand) recent.brand = item.item_brand;
  const leaf = categories[categories.length - 1];
  if (leaf) recent.category = leaf;
  return recent;
}

function pushRecent<T extends { id: string }>(list: T[], entries: T[], max: number): T[] {
  const ids = new Set(entries.map((e) => e.id));
  return [...entries.reverse(), ...list.filter((e) => !ids.has(e.id))].slice(0, max);
}

/** Which AIPL signal an event gives the brands and categories of its items. */
const AIPL_SIGNAL: Partial<Record<ShopEvent['name'], 'exposed' | 'interested' | 'purchased' | 'advocated'>> = {
  view_item_list: 'exposed',
  view_promotion: 'exposed',
  view_item: 'interested',
  select_item: 'interested',
  select_promotion: 'interested',
  add_to_wishlist: 'interested',
  add_to_cart: 'interested',
  begin_checkout: 'interested',
  purchase: 'purchased',
  share: 'advocated',
};
/** Purchase times kept per brand: enough to tell a repeat buyer within any window. */
const PURCHASES_KEPT = 5;

function latest(facts: AiplFacts): number {
  return Math.max(facts.exposed ?? 0, facts.interested ?? 0, facts.advocated ?? 0, facts.purchases[facts.purchases.length - 1] ?? 0);
}

function signal(
  map: Record<string, AiplFacts>,
  keys: Iterable<string>,
  kind: 'exposed' | 'interested' | 'purchased' | 'advocated',
  time: number,
  max: number,
): Record<string, AiplFacts> {
  let next = map;
  for (const key of new Set(keys)) {
    const known = own(next, key);
    const facts: AiplFacts = { ...known, purchases: known?.purchases ?? [] };
    if (kind === 'purchased') facts.purchases = [...facts.purchases, time].slice(-PURCHASES_KEPT);
    else if (kind === 'advocated') {
      // Sharing counts as advocacy only after buying; before, it is interest.
      if (facts.purchases.length) facts.advocated = time;
      else facts.interested = time;
    } else facts[kind] = time;
    next = { ...next, [key]: facts };
  }
  const keysNow = Object.keys(next);
  if (keysNow.length <= max) return next;
  const keep = keysNow.sort((a, b) => latest(next[b]!) - latest(next[a]!)).slice(0, Math.max(1, Math.floor(max * PRUNE_TO)));
  return Object.fromEntries(keep.map((k) => [k, next[k]!]));
}

/** The brands the shopper has met whose names a search term contains. */
export function brandsNamedIn(term: string, profile: Pick<Profile, 'aipl'>): string[] {
  const text = term.toLowerCase();
  return Object.keys(profile.aipl.brand).filter((brand) => text.includes(brand.toLowerCase()));
}

function refund(orders: Order[], event: ShopEvent): Order[] {
  return orders.map((order) => {
    if (order.id !== event.transaction_id) return order;
    const items = event.items ?? [];
    const itemsValue = items.reduce((sum, i) => sum + (i.price ?? 0) * (i.quantity ?? 1), 0);
    // A refund names its amount, or its items; with neither it gives the whole order back.
    const amount = event.value ?? (itemsValue > 0 ? itemsValue : order.value);
    return { ...order, refunded: Math.min(order.value, (order.refunded ?? 0) + amount) };
  });
}

function searchTokens(term: string): string[] {
  return term
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 1)
    .slice(0, 8);
}

/** Most A/B tests remembered per shopper (the oldest forgotten first). */
const MAX_EXPERIMENTS = 50;
/** Most visits through shared links remembered (the oldest forgotten first). */
const MAX_REFERRALS = 10;

/**
 * Folds one event into the profile and returns the new profile; the input is never changed.
 * Pure: time comes in as `now`, so a replay of the same events gives the same profile.
 */
export function reduceProfile(profile: Profile, event: ShopEvent, now: number, options: ProfileOptions = {}): Profile {
  const o = { ...PROFILE_DEFAULTS, ...options };
  // The same order sent twice (a reload of the thank-you page, a retry) counts once, in every respect.
  if (event.name === 'purchase' && profile.orders.some((order) => order.id === event.transaction_id)) {
    return { ...profile, updatedAt: now, eventCount: profile.eventCount + 1 };
  }
  const items = event.items ?? [];
  let { category, brand, tag } = profile.affinities;
  const next: Profile = { ...profile, updatedAt: now, eventCount: profile.eventCount + 1 };

  const interest = INTEREST[event.name] ?? 0;
  if (interest) {
    for (const item of items) {
      const quantity = event.name === 'purchase' || event.name === 'add_to_cart' ? Math.min(item.quantity ?? 1, 3) : 1;
      const delta = interest * Math.max(1, quantity);
      const path = itemCategories(item);
      path.forEach((c, i) => {
        const isLeaf = i === path.length - 1;
        if (isLeaf || interest > 0) category = addDecayed(category, c, isLeaf ? delta : delta * PARENT_SHARE, now, o.halfLifeDays);
      });
      if (item.item_brand) brand = addDecayed(brand, item.item_brand, delta, now, o.halfLifeDays);
    }
  }

  switch (event.name) {
    case 'view_item':
      next.viewed = pushRecent(profile.viewed, items.map((i) => recentItem(i, now)), o.maxRecent);
      break;
    case 'add_to_cart':
      next.carted = pushRecent(profile.carted, items.map((i) => recentItem(i, now)), o.maxRecent);
      break;
    case 'remove_from_cart': {
      const gone = new Set(items.map((i) => i.item_id));
      next.carted = profile.carted.filter((c) => !gone.has(c.id));
      break;
    }
    case 'refund':
      next.orders = refund(profile.orders, event);
      break;
    case 'purchase': {
      const id = event.transaction_id!;
      const value = event.value ?? items.reduce((sum, i) => sum + (i.price ?? 0) * (i.quantity ?? 1), 0);
      next.orders = [...profile.orders, { id, time: event.time, value }].slice(-o.maxOrders);
      const bought = new Set(items.map((i) => i.item_id));
      next.bought = pushRecent(profile.bought, items.map((i) => recentItem(i, now)), o.maxRecent * 2);
      next.carted = profile.carted.filter((c) => !bought.has(c.id));
      break;
    }
    case 'search': {
      const term = event.search_term!.trim().slice(0, 100);
      next.searches = [{ term, time: now }, ...profile.searches.filter((s) => s.term !== term)].slice(0, o.maxRecent);
      for (const token of searchTokens(term)) tag = addDecayed(tag, token, SEARCH_TERM_WEIGHT, now, o.halfLifeDays);
      break;
    }
    case 'dislike_item':
      next.dislikes = pushRecent(
        profile.dislikes,
        items.map((i) => ({ id: i.item_id, time: now })),
        o.maxDislikes,
      );
      break;
    case 'experiment_exposure': {
      // Which variant of each A/B test this shopper was shown: exposure is recorded once, assignment kept.
      const { experiment_id: id, variant_id: variant } = event;
      if (!id || !variant) break;
      const kept = Object.entries(profile.experiments ?? {}).filter(([other]) => other !== id);
      next.experiments = Object.fromEntries([...kept, [id, variant]].slice(-MAX_EXPERIMENTS));
      break;
    }
    case 'page_view': {
      // A visit through someone's shared link: who referred it, and the link's campaign.
      const { referral: code, utm_source: source, utm_medium: medium, utm_campaign: campaign, utm_content: content } = event;
      if (code) next.referrals = [...(profile.referrals ?? []), { code, time: now, source, medium, campaign, content }].slice(-MAX_REFERRALS);
      break;
    }
    case 'view_item_list': {
      let impressions: Record<string, Decayed> = profile.impressions;
      for (const item of items) impressions = addDecayed(impressions, item.item_id, 1, now, o.halfLifeDays);
      next.impressions = pruneDecayed(impressions, o.maxImpressions, now, o.halfLifeDays);
      break;
    }
  }

  const aiplKind = AIPL_SIGNAL[event.name];
  if (aiplKind && items.length) {
    const brands = items.flatMap((i) => (i.item_brand ? [i.item_brand] : []));
    const categories = items.flatMap((i) => itemCategories(i).slice(-1));
    next.aipl = {
      brand: signal(profile.aipl.brand, brands, aiplKind, event.time, o.maxAipl),
      category: signal(profile.aipl.category, categories, aiplKind, event.time, o.maxAipl),
    };
  } else if (event.name === 'search') {
    // Searching a brand by name is interest in it.
    const named = brandsNamedIn(event.search_term!, profile);
    if (named.length) next.aipl = { ...profile.aipl, brand: signal(profile.aipl.brand, named, 'interested', event.time, o.maxAipl) };
  }

  next.affinities = {
    category: pruneDecayed(category, o.maxAffinities, now, o.halfLifeDays),
    brand: pruneDecayed(brand, o.maxAffinities, now, o.halfLifeDays),
    tag: pruneDecayed(tag, o.maxAffinities, now, o.halfLifeDays),
  };
  return next;
}
