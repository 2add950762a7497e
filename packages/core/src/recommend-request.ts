import { SORTS as ORDERS, type RecommendRequest } from './create-recommender.ts';
import { describeValue, isObject } from './util/check.ts';
import { warnOnce } from './util/warn.ts';

const SORTS = ['personalised', ...Object.keys(ORDERS)];
const FILTERS = ['categories', 'tags', 'brands', 'ids'] as const;

const strings = (value: unknown) => Array.isArray(value) && value.every((v) => typeof v === 'string');

/**
 * A page's `recommend()` request, checked: each field that is not what it should be is named in one
 * console warning and left out (its default applies), so the rest of the request still works; null
 * is a field not given; a request that is not an object at all is a TypeError. Before, a `limit` that
 * was not a number gave an empty page, and a `placement` that was not text a TypeError from deep inside.
 */
export function checkedRequest(request: unknown): RecommendRequest {
  if (request === undefined || request === null) return {};
  if (!isObject(request)) {
    throw new TypeError(`shopscene: recommend(): its request must be an object, such as { limit: 12 } (received ${describeValue(request)})`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request)) if (value !== null) out[key] = value;
  const wrong: string[] = [];
  const drop = (key: string, should: string) => {
    wrong.push(`${key} must be ${should} (received ${describeValue(out[key])})`);
    delete out[key];
  };
  const { placement, cursor, limit, exclude, filter, sort, signal } = out;
  if (placement !== undefined && !(typeof placement === 'string' && placement)) drop('placement', "text such as 'guess-you-like' or 'related:<product id>'");
  if (cursor !== undefined && typeof cursor !== 'string') drop('cursor', "the previous page's cursor or null");
  // (A number out of range is brought into it, 1 to 100, as ever.)
  if (limit !== undefined && !(typeof limit === 'number' && !Number.isNaN(limit))) drop('limit', 'a number');
  if (exclude !== undefined && !strings(exclude)) drop('exclude', 'an array of product ids');
  if (sort !== undefined && !SORTS.includes(sort as string)) drop('sort', `one of ${SORTS.join(', ')}`);
  if (signal !== undefined && !(isObject(signal) && typeof (signal as AbortSignal).aborted === 'boolean')) drop('signal', 'an AbortSignal');
  if (filter !== undefined) {
    if (!isObject(filter)) drop('filter', 'an object such as { categories: ["Tea"] }');
    else {
      const kept = { ...(filter as Record<string, unknown>) };
      for (const key of FILTERS) {
        if (kept[key] !== undefined && !strings(kept[key])) {
          wrong.push(`filter.${key} must be an array of text (received ${describeValue(kept[key])})`);
          delete kept[key];
        }
      }
      out.filter = kept;
    }
  }
  if (wrong.length) warnOnce(`shopscene: recommend(): ${wrong.join('; ')}. Left out: the default applies.`);
  return out as RecommendRequest;
}
