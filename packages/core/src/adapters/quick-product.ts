import { isObject } from '../util/check.ts';
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
const filled = (v: unknown): v is string => typeof v === 'string' && v !== '';
const amount = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v < Infinity;
const size = (v: unknown): v is number => typeof v === 'number' && v > 0 && v < Infinity;
const words = (v: unknown, empty: boolean) => {
  if (!Array.isArray(v)) return false;
  for (const s of v) if (typeof s !== 'string' || (!empty && s === '')) return false;
  return true;
};

/** The fields a product must have. */
const REQUIRED = new Set(['id', 'title', 'url', 'price', 'currency', 'image']);
const IMAGE = new Set(['url', 'width', 'height', 'alt']);

/**
 * A product as most of a catalog's are — every field already as it should be — checked in one pass
 * with no messages built; `undefined` for anything else (a field to convert, cut, or refuse, or one
 * this pass leaves to the careful way, such as `related`), which {@link parseProduct} then reads.
 * Either way the result is the same. `input` must be the caller's own (just parsed): when it has no
 * other fields it is completed and returned as it is, not copied.
 */
export function quickProduct(input: unknown): Product | undefined {
  // A plain object (as JSON makes them): its for-in is its own fields, but for what a page may have
  // added to Object.prototype — which the image's check below sees too, and then leaves all to parseProduct.
  if (!isObject(input) || Object.getPrototypeOf(input) !== Object.prototype) return;
  const p = input as Record<string, unknown>;
  /** Fields left out: unknown ones, and undefined ones (as if absent). */
  let left: string[] | undefined;
  /** Of id, title, url, price, currency and image, how many it has (its own: never inherited ones). */
  let required = 0;
  for (const key in p) {
    const v = p[key];
    if (v === undefined) {
      (left ??= []).push(key);
      continue;
    }
    switch (key) {
      case 'id':
      case 'url':
      case 'title':
        if (!filled(v) || (key === 'title' ? v.length > MAX_TITLE : key === 'url' && !safeUrl(v))) return;
        break;
      case 'price':
      case 'originalPrice':
      case 'popularity':
        if (!amount(v)) return;
        break;
      case 'currency':
        if (typeof v !== 'string' || !CURRENCY.test(v)) return;
        break;
      case 'brand':
        if (typeof v !== 'string') return;
        break;
      case 'categories':
      case 'tags':
        if (!words(v, key === 'tags')) return;
        break;
      case 'rating':
        if (!amount(v) || v > 5) return;
        break;
      case 'inStock':
        if (typeof v !== 'boolean') return;
        break;
      case 'image': {
        if (!isObject(v) || Object.getPrototypeOf(v) !== Object.prototype) return;
        // Exactly its own url, width and height (and alt), each as it should be: kept as it is.
        let fields = 0;
        for (const k in v) if (!IMAGE.has(k) || !has(v, k)) return;
        else fields++;
        const { url, width, height, alt } = v as Record<string, unknown>;
        if (fields !== (alt === undefined ? 3 : 4)) return;
        if (!filled(url) || !safeUrl(url) || !size(width) || !size(height) || (alt !== undefined && typeof alt !== 'string')) return;
        break;
      }
      case 'related':
      case 'group':
        return;
      default:
        (left ??= []).push(key);
        continue;
    }
    if (REQUIRED.has(key)) required++;
  }
  if (required < REQUIRED.size) return;
  let out = p;
  if (left) {
    out = {};
    for (const key in p) if (!left.includes(key)) out[key] = p[key];
  }
  out.categories ??= [];
  out.tags ??= [];
  out.popularity ??= 0;
  out.inStock ??= true;
  return out as unknown as Product;
}
