import type { EventItem } from './event-schema.ts';

const CATEGORY_KEYS = ['item_category', 'item_category2', 'item_category3', 'item_category4', 'item_category5'] as const;

/** "Groceries > Tea", "Groceries/Tea" or ['Groceries', 'Tea'] → GA4's item_category … item_category5. */
export function categoryFields(path: string | readonly string[]): Partial<EventItem> {
  const parts = (typeof path === 'string' ? path.split(/\s*[>/]\s*/) : path).map((s) => s.trim()).filter(Boolean);
  const out: Partial<EventItem> = {};
  parts.slice(0, 5).forEach((c, i) => (out[CATEGORY_KEYS[i]!] = c));
  return out;
}

/** The item's category path, broad → narrow (the reverse of {@link categoryFields}). */
export function itemCategories(item: EventItem): string[] {
  return CATEGORY_KEYS.map((key) => item[key]).filter((c): c is string => !!c);
}
