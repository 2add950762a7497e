import type { ShopEvent } from '../events/event-schema.ts';
import { itemCategories } from '../events/item-categories.ts';
import type { Profile } from '../profile/profile-types.ts';
import { brandsNamedIn } from '../profile/reduce-profile.ts';

/** The AIPL keys an event can move: its items' brands and narrowest categories, and brands a search names. */
export function stageKeys(event: ShopEvent, profile: Profile): string[] {
  const keys = (event.items ?? []).flatMap((i) => {
    const leaf = itemCategories(i).at(-1);
    return [...(i.item_brand ? [`brand:${i.item_brand}`] : []), ...(leaf ? [`category:${leaf}`] : [])];
  });
  if (event.search_term) keys.push(...brandsNamedIn(event.search_term, profile).map((b) => `brand:${b}`));
  return [...new Set(keys)];
}
