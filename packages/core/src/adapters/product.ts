import * as recommendMessages from '../recommend-messages.ts';
import { boolean, checkArray, checkFields, isObject, matching, number, within, type Rule } from '../util/check.ts';
import type { Issue } from '../util/issues.ts';
import { isSafeUrl } from '../util/safe-url.ts';
import { has } from '../util/own.ts';
import { warnOnce } from '../util/warn.ts';

/** One entry of a product's related list: another product's id and how strongly it goes with this one (0–1]; the product's own id says how often it is opened again at once. */
export type RelatedItem = [id: string, weight: number];

/** A product: what adapters return and widgets show. Images carry their size so every card's box is reserved before load. */
export interface Product {
  id: string;
  title: string;
  url: string;
  price: number;
  currency: string;
  originalPrice?: number;
  brand?: string;
  /** Broad → narrow. */
  categories: string[];
  tags: string[];
  image: { url: string; width: number; height: number; alt?: string };
  rating?: number;
  /** Any scale; only the order matters. */
  popularity: number;
  inStock: boolean;
  /**
   * "Shoppers who viewed, carted or bought this also …": up to {@link MAX_RELATED} ids with weights,
   * strongest first (built from a store's history by `shopscene related`).
   */
  related?: RelatedItem[];
  /** Group buying, live from the backend (a "group-buy" floor's config fills in what is missing). */
  group?: ProductGroup;
}

/**
 * A product's group deal: group price, shoppers per group, how many joined the open group, and when it
 * closes (epoch ms). A number that is not finite, negative, or beyond what can be shown (an `endsAt`
 * past the Date range, such as 9007199254740991) is ignored with a console warning.
 */
export interface ProductGroup {
  price?: number;
  size?: number;
  joined?: number;
  endsAt?: number;
}

/** Longest product title kept; longer ones are cut with a warning. */
export const MAX_TITLE = 300;
/** Most entries of a related list kept. */
export const MAX_RELATED = 20;

const text: Rule<string> = (v) => (typeof v !== 'string' ? { ok: false, message: `Invalid input: expected string, received ${typeof v}` } : v ? { ok: true, value: v } : { ok: false, message: 'must not be empty' });
const optionalText: Rule<string> = (v) => (typeof v === 'string' ? { ok: true, value: v } : { ok: false, message: `Invalid input: expected string, received ${typeof v}` });
const url: Rule<string> = (v) => {
  const t = text(v);
  return !t.ok || isSafeUrl(t.value) ? t : { ok: false, message: 'must be an http(s) URL or a path on this site' };
};
const amount = within(number, 0, Infinity, 'must not be negative');
const size = within(number, Number.MIN_VALUE, Infinity, 'must be greater than 0');
const texts =
  (empty: boolean): Rule<string[]> =>
  (v) => {
    if (!Array.isArray(v)) return { ok: false, message: 'Invalid input: expected array of strings' };
    const bad = v.findIndex((s) => typeof s !== 'string' || (!empty && !s));
    return bad < 0 ? { ok: true, value: v as string[] } : { ok: false, message: `[${bad}]: expected ${empty ? 'a string' : 'a non-empty string'}` };
  };
/** `[["sku-2", 0.8], …]`, strongest first: numeric ids become strings, weights above 1 count as 1, entries past 20 are cut. */
const related: Rule<RelatedItem[]> = (v) => {
  if (!Array.isArray(v)) return { ok: false, message: 'Invalid input: expected array of [id, weight]' };
  const out: RelatedItem[] = [];
  for (const [i, entry] of v.slice(0, MAX_RELATED).entries()) {
    const [id, w] = Array.isArray(entry) ? entry : [];
    if (!(typeof id === 'number' || (typeof id === 'string' && id)) || typeof w !== 'number' || !(w > 0)) return { ok: false, message: `[${i}]: expected [id, weight > 0]` };
    out.push([String(id), Math.min(1, w)]);
  }
  return { ok: true, value: out };
};

/** Any object, checked further where it is used; else `message`. */
const object =
  (message: string): Rule<object> =>
  (v) =>
    isObject(v) ? { ok: true, value: v } : { ok: false, message };
const IMAGE_RULES: Record<string, Rule> = { url, width: size, height: size, alt: optionalText };
const PRODUCT_RULES: Record<string, Rule> = {
  id: text,
  title: text,
  url,
  price: amount,
  currency: matching(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as "USD"'),
  originalPrice: amount,
  brand: optionalText,
  categories: texts(false),
  tags: texts(true),
  image: object('required: { url, width, height }'),
  rating: within(number, 0, 5, 'must be 0 to 5'),
  popularity: amount,
  inStock: boolean,
  related,
  // Live numbers for a group-buy floor, read (and unusable ones ignored) where they are shown.
  group: object('expected an object { price, size, joined, endsAt }'),
};
const REQUIRED = ['id', 'title', 'url', 'price', 'currency', 'image'];

/** Lists of products checked here (a static catalog, and the lists filtered from it): passed on without checking again. */
const checkedLists = new WeakSet<readonly Product[]>();

/** Marks a list of products from {@link parseProduct} as checked: {@link checkedProducts} passes it on as it is. */
export function markChecked(list: Product[]): Product[] {
  checkedLists.add(list);
  return list;
}

/**
 * Checks one outside product and returns a clean copy (unknown fields dropped, defaults filled in).
 * Numeric ids are accepted and turned into strings; an oversized title is cut with a warning.
 */
export function parseProduct(input: unknown): { ok: true; value: Product } | { ok: false; issues: Issue[] } {
  if (!isObject(input)) return { ok: false, issues: [{ path: '(root)', message: 'a product must be an object' }] };
  const source = input as Record<string, unknown>;
  const issues: Issue[] = [];
  let fields: Record<string, unknown> = source;
  if (typeof source.id === 'number') fields = { ...fields, id: String(source.id) };
  // An oversized title is cut, never rendered whole (nor a reason to lose the product).
  if (typeof source.title === 'string' && source.title.length > MAX_TITLE) {
    warnOnce(recommendMessages.textCut(`product ${String(source.id)} title`, source.title.length, MAX_TITLE));
    fields = { ...fields, title: source.title.slice(0, MAX_TITLE) };
  }
  const product = checkFields<Product>(fields, PRODUCT_RULES, '', issues);
  // A bad related list (derived data) costs the list, not the product.
  const badList = issues.findIndex((i) => i.path === 'related');
  if (badList >= 0) {
    warnOnce(recommendMessages.relatedIgnored(String(fields.id), `${issues[badList]!.path}: ${issues[badList]!.message}`));
    issues.splice(badList, 1);
  }
  for (const key of REQUIRED) if (!has(product, key) && !issues.some((i) => i.path === key)) issues.push({ path: key, message: 'required' });
  if (isObject(product.image)) {
    const image = checkFields<Product['image']>(product.image, IMAGE_RULES, 'image', issues);
    for (const key of ['url', 'width', 'height']) if (!has(image, key) && !issues.some((i) => i.path === `image.${key}`)) issues.push({ path: `image.${key}`, message: `required (${key === 'url' ? 'string' : 'number'})` });
    product.image = image;
  }
  if (issues.length) return { ok: false, issues };
  product.categories ??= [];
  product.tags ??= [];
  product.popularity ??= 0;
  product.inStock ??= true;
  return { ok: true, value: product };
}

/**
 * The products of an adapter's answer that are valid, checked unless the list came checked (see
 * {@link markChecked}: a custom adapter's products are outside input too); each bad one is skipped
 * with a warning.
 */
export function checkedProducts(items: unknown, source: string, skipped: (where: string, issues: Issue[]) => void): Product[] {
  // A static catalog's own list: the same array, so what is cached for it stays valid.
  if (Array.isArray(items) && checkedLists.has(items)) return items as Product[];
  const issues: Issue[] = [];
  const out = checkArray<Product>(items, source, Infinity, issues, (item, path) => {
    const result = parseProduct(item);
    if (result.ok) return result.value;
    skipped(path, result.issues);
    return undefined;
  });
  if (!out) skipped(source, issues);
  return out ?? [];
}

/** The narrowest category of a product (its last path segment), if any. */
export function leafCategory(product: Pick<Product, 'categories'>): string | undefined {
  return product.categories[product.categories.length - 1];
}
