import type { EventItem, ShopEvent } from '../events/event-schema.ts';
import { addDecayed, pruneDecayed } from './decay.ts';
import { PROFILE_DEFAULTS, type Decayed, type Profile, type ProfileOptions, type RecentItem } from './profile-types.ts';

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

/** The item's category path, broad → narrow. */
export function itemCategories(item: EventItem): string[] {
  return [item.item_category, item.item_category2, item.item_category3, item.item_category4, item.item_category5].filter(
    (c): c is string => !!c,
  );
}

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

function searchTokens(term: string): string[] {
  return term
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 1)
    .slice(0, 8);
}

/**
 * Folds one event into the profile and returns the new profile; the input is never changed.
 * Pure: time comes in as `now`, so a replay of the same events gives the same profile.
 */
export function reduceProfile(profile: Profile, event: ShopEvent, now: number, options: ProfileOptions = {}): Profile {
  const o = { ...PROFILE_DEFAULTS, ...options };
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
    case 'purchase': {
      const id = event.transaction_id!;
      if (!profile.orders.some((order) => order.id === id)) {
        const value = event.value ?? items.reduce((sum, i) => sum + (i.price ?? 0) * (i.quantity ?? 1), 0);
        next.orders = [...profile.orders, { id, time: event.time, value }].slice(-o.maxRecent * 4);
      }
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
    case 'view_item_list': {
      let impressions: Record<string, Decayed> = profile.impressions;
      for (const item of items) impressions = addDecayed(impressions, item.item_id, 1, now, o.halfLifeDays);
      next.impressions = pruneDecayed(impressions, o.maxImpressions, now, o.halfLifeDays);
      break;
    }
  }

  next.affinities = {
    category: pruneDecayed(category, o.maxAffinities, now, o.halfLifeDays),
    brand: pruneDecayed(brand, o.maxAffinities, now, o.halfLifeDays),
    tag: pruneDecayed(tag, o.maxAffinities, now, o.halfLifeDays),
  };
  return next;
}
