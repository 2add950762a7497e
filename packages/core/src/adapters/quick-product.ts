import { has } from '../util/own.ts';
import { isSafeUrl } from '../util/safe-url.ts';
import { MAX_TITLE, type Product } from './product.ts';

const CURRENCY = /^[A-Z]{3}$/;
/**
 * The usual URL shapes, safe at a glance: `http(s)://` and something, or a path from the root (not
 * `//`), in printable ASCII with no space or backslash — one test for what isSafeUrl checks in five (a
 * catalog's 10,000 products have two URLs each). Anything else is asked of isSafeUrl.
 */
const PLAIN_URL = /^(?:https?:\/\/[!-[\]-~]+|\/(?:[!-.0-[\]-~][!-[\]-~]*)?)$/;
/** True when isSafeUrl is: for the usual shapes at a glance, else by asking it. */
export const safeUrl = (url: string) => PLAIN_URL.test(url) || isSafeUrl(url);
/** The fields a product may have that this pass checks (the rest are left out of a copy). */
const KNOWN = new Set(['id', 'title', 'url', 'price', 'currency', 'image', 'originalPrice', 'popularity', 'brand', 'categories', 'tags', 'rating', 'inStock']);

/** True when `v` is an array of strings, empty ones allowed when `empty` is. */
function strings(v: unknown, empty: boolean): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const s: unknown = v[i];
    if (typeof s !== 'string' || (!empty && s === '')) return false;
  }
  return true;
}

/**
 * A product as most of a catalog's are — every field already as it should be — checked in one pass
 * with no messages built; `undefined` for anything else (a field to convert, cut, or refuse, or one
 * this pass leaves to the careful way, such as `related`), which {@link parseProduct} then reads.
 * Either way the result is the same. `input` must be the caller's own (just parsed): when it has no
 * other fields it is completed and returned as it is, not copied.
 *
 * It runs once per product of a catalog, mostly before the code is optimised (a page reads its catalog
 * once): so each field is read by name and checked in line, with no call per field and no look-up of
 * each key — a third of the time of a check field by field, and part of the time to the first card.
 */
export function quickProduct(input: unknown): Product | undefined {
  // A plain object (as JSON makes them), and a plain image: what a page may have added to
  // Object.prototype shows in the count of the image's fields below, and is left to parseProduct.
  if (typeof input !== 'object' || input === null || Object.getPrototypeOf(input) !== Object.prototype) return;
  const p = input as Record<string, unknown>;
  const { id, title, url, price, currency, image, originalPrice, popularity, brand, categories, tags, rating, inStock } = p;
  if (typeof id !== 'string' || id === '' || typeof title !== 'string' || title === '' || title.length > MAX_TITLE) return;
  if (typeof url !== 'string' || url === '' || !safeUrl(url)) return;
  if (typeof price !== 'number' || !(price >= 0 && price < Infinity) || typeof currency !== 'string' || !CURRENCY.test(currency)) return;
  if (typeof image !== 'object' || image === null || Object.getPrototypeOf(image) !== Object.prototype) return;
  // Exactly its own url, width and height (and alt), each as it should be: kept as it is.
  const { url: src, width, height, alt } = image as Record<string, unknown>;
  if (typeof src !== 'string' || src === '' || !safeUrl(src)) return;
  if (typeof width !== 'number' || !(width > 0 && width < Infinity) || typeof height !== 'number' || !(height > 0 && height < Infinity)) return;
  if (alt !== undefined && typeof alt !== 'string') return;
  let imageFields = alt === undefined ? 3 : 4;
  for (const _ in image) imageFields--;
  if (imageFields !== 0) return;
  /** How many fields it has, of those this pass knows (undefined ones count as absent). */
  let known = 6;
  if (originalPrice !== undefined && (known++, typeof originalPrice !== 'number' || !(originalPrice >= 0 && originalPrice < Infinity))) return;
  if (popularity !== undefined && (known++, typeof popularity !== 'number' || !(popularity >= 0 && popularity < Infinity))) return;
  if (brand !== undefined && (known++, typeof brand !== 'string')) return;
  if (categories !== undefined && (known++, !strings(categories, false))) return;
  if (tags !== undefined && (known++, !strings(tags, true))) return;
  if (rating !== undefined && (known++, typeof rating !== 'number' || !(rating >= 0 && rating <= 5))) return;
  if (inStock !== undefined && (known++, typeof inStock !== 'boolean')) return;
  if (p.related !== undefined || p.group !== undefined) return;
  let fields = 0;
  for (const _ in p) fields++;
  let out = p;
  // Other fields (or undefined ones): a copy with the known ones, which must be all it read above.
  if (fields !== known) {
    out = {};
    for (const key in p) {
      const v = p[key];
      if (v !== undefined && KNOWN.has(key) && has(p, key)) out[key] = v;
    }
    for (const _ in out) known--;
    if (known !== 0) return;
  }
  out.categories ??= [];
  out.tags ??= [];
  out.popularity ??= 0;
  out.inStock ??= true;
  return out as unknown as Product;
}
