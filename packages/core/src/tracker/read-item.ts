import { categoryFields } from '../events/item-categories.ts';

function fromJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Reads a product from markup: `data-shopscene-item="sku-1"` (or `data-shopscene-page-item`) with
 * optional `data-shopscene-name|brand|category|price`, or the same as JSON in the item attribute,
 * e.g. `data-shopscene-item='{"id":"sku-1","name":"Tea"}'`. Unchecked: track() validates it.
 */
export function readItem(el: Element, attribute = 'data-shopscene-item'): Record<string, unknown> | undefined {
  const raw = el.getAttribute(attribute)?.trim();
  if (!raw) return undefined;
  const json = raw.startsWith('{') ? fromJson(raw) : {};
  const attr = (name: string) => el.getAttribute(`data-shopscene-${name}`) ?? undefined;
  const id = json.item_id ?? json.id ?? (raw.startsWith('{') ? undefined : raw);
  const item: Record<string, unknown> = { item_id: typeof id === 'number' ? String(id) : id };
  const name = json.item_name ?? json.name ?? attr('name');
  const brand = json.item_brand ?? json.brand ?? attr('brand');
  const category = json.item_category ?? json.category ?? attr('category');
  const priceText = json.price ?? attr('price');
  if (name !== undefined) item.item_name = name;
  if (brand !== undefined) item.item_brand = brand;
  if (typeof category === 'string' || Array.isArray(category)) Object.assign(item, categoryFields(category as string | string[]));
  if (priceText !== undefined && priceText !== '') item.price = Number(priceText);
  return item;
}
