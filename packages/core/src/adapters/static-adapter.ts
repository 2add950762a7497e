import * as recommendMessages from '../recommend-messages.ts';
import { describeError } from '../messages.ts';
import { issuesToText } from '../util/issues.ts';
import { createSlicer } from '../util/slicer.ts';
import { warnOnce } from '../util/warn.ts';
import type { RankingBlock } from '../ranking/ranking-block.ts';
import { isObject } from '../util/check.ts';
import { markChecked, parseProduct, type Product } from './product.ts';
import type { BackendAdapter, CandidatesRequest } from './types.ts';

/** Options of {@link staticAdapter}. */
export interface StaticAdapterOptions {
  /**
   * The products, or the URL of a JSON array of them; or a catalog object `{ ranking, products }`
   * (its URL too), whose `ranking` — the store's fitted ranking, from `shopscene tune` — the SDK ranks with.
   */
  catalog: CatalogInput | string;
  /**
   * Most products kept: past it, the most popular are kept and the console says so. Ranking on the
   * device is meant for catalogs of this size; serve larger ones through a backend (`restAdapter`).
   * @default 20000
   */
  maxProducts?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** A catalog: its products, alone or with the store's fitted ranking (`shopscene tune` writes that). */
export type CatalogInput = unknown[] | { products: unknown[]; ranking?: unknown };

/** The default of {@link StaticAdapterOptions.maxProducts}. */
export const MAX_STATIC_PRODUCTS = 20_000;
/** A catalog text up to this size is parsed in one go (a few ms); a larger one, or one of unknown size, is streamed. */
const PARSE_AT_ONCE = 512 * 1024;
/** Skipped entries named one by one; past this many, the rest are counted in one line. */
const NAMED_SKIPS = 10;

/**
 * Collects checked products: skips bad and duplicate entries (naming the first few), keeps the `max` most
 * popular. `quick` (see quickProduct) takes the well-formed ones at less cost; the rest are checked in full.
 */
function createCollector(source: string, max: number, quick?: (entry: unknown) => Product | undefined) {
  let products: Product[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  const skip = (where: string, issues: string) => {
    if (++skipped <= NAMED_SKIPS) warnOnce(recommendMessages.catalogItemSkipped(source, where, issues));
  };
  /** Past twice the cap, cut back to the most popular (sorting once per `max` additions keeps it cheap). */
  const trim = () => {
    if (products.length <= max) return;
    products = products.sort((a, b) => b.popularity - a.popularity).slice(0, max);
  };
  return {
    add(entry: unknown, index: number, error?: string) {
      if (error) return skip(`[${index}]`, error);
      let product = quick?.(entry);
      if (!product) {
        const result = parseProduct(entry);
        if (!result.ok) return skip(`[${index}]`, issuesToText(result.issues));
        product = result.value;
      }
      // (One look-up, not two: a duplicate id leaves the set as it was.)
      const known = seen.size;
      if (seen.add(product.id).size === known) return skip(`[${index}]`, `id: duplicate id "${product.id}"`);
      products.push(product);
      if (products.length >= 2 * max) trim();
    },
    done(): Product[] {
      if (skipped > NAMED_SKIPS) warnOnce(recommendMessages.catalogMoreSkipped(source, skipped - NAMED_SKIPS));
      if (seen.size > max) {
        warnOnce(recommendMessages.catalogLimited(source, seen.size, max));
        trim();
      }
      return markChecked(products);
    },
  };
}

/** Checks every catalog entry; bad ones are skipped with one warning each, the rest are kept. */
export function parseCatalog(input: unknown, source = 'catalog', maxProducts = Infinity): Product[] {
  if (!Array.isArray(input)) throw new Error(`${source} must be a JSON array of products`);
  const collect = createCollector(source, maxProducts);
  input.forEach((entry, index) => collect.add(entry, index));
  return collect.done();
}

/** Whether a response's text is known to be small: its length says so, and it is not compressed (nor hidden from us, cross-origin). */
const knownSmall = (response: Response) =>
  response.type !== 'cors' && response.type !== 'opaque' && !response.headers.get('content-encoding') && Number(response.headers.get('content-length') || Infinity) <= PARSE_AT_ONCE;

/**
 * Reads a catalog (an array, a catalog object, a URL's response, or its text) in short slices, so the
 * page stays responsive however large it is: entries are checked one at a time, bad ones skipped. A
 * text known to be small is parsed at once here; any other goes to the reader that loads on demand
 * (whole up to a few MB, else element by element as it streams in), with the quick check for
 * well-formed products. A catalog object's `ranking` is handed to `onRanking` as it is (see readRankingBlock).
 */
export async function loadCatalog(
  input: CatalogInput | Response | string,
  source: string,
  maxProducts = MAX_STATIC_PRODUCTS,
  onRanking?: (ranking: unknown) => void,
): Promise<Product[]> {
  let collect = createCollector(source, maxProducts);
  const slicer = createSlicer();
  let entries: unknown = input;
  try {
    if (typeof input === 'string' && input.length <= PARSE_AT_ONCE) entries = JSON.parse(input);
    else if (input instanceof Response && knownSmall(input)) entries = JSON.parse(await input.text());
    else if (typeof input === 'string' || input instanceof Response) {
      const { readJsonArray, quickProduct } = await import('./read-json-array.ts');
      collect = createCollector(source, maxProducts, quickProduct);
      const read = await readJsonArray(typeof input === 'string' ? input : (input.body ?? (await input.text())), collect.add, slicer);
      onRanking?.(read.members?.ranking);
      return collect.done();
    }
  } catch (error) {
    throw new Error(`${source} ${error instanceof SyntaxError ? `is not valid JSON (${error.message})` : describeError(error)}`);
  }
  // A catalog object: its products, and the store's fitted ranking.
  let ranking: unknown;
  if (isObject(entries) && Array.isArray((entries as { products?: unknown }).products)) ({ ranking, products: entries } = entries as { products: unknown[]; ranking?: unknown });
  if (!Array.isArray(entries)) throw new Error(`${source} must be a JSON array of products, or an object with a "products" array`);
  onRanking?.(ranking);
  for (let i = 0; i < entries.length; i++) {
    collect.add(entries[i], i);
    await slicer.pause();
  }
  return collect.done();
}

function matches(product: Product, filter: NonNullable<CandidatesRequest['filter']>): boolean {
  const { categories, tags, brands, ids } = filter;
  return (
    (!ids?.length || ids.includes(product.id)) &&
    (!brands?.length || (!!product.brand && brands.includes(product.brand))) &&
    (!categories?.length || product.categories.some((c) => categories.includes(c))) &&
    (!tags?.length || product.tags.some((t) => tags.includes(t)))
  );
}

/**
 * The embedded default adapter: a static catalog (an array, or a URL fetched once), filtered here and
 * ranked on the device by the SDK. Invalid products are skipped with a warning naming their path; a
 * catalog of any size is read in slices, and past `maxProducts` the most popular are kept.
 */
export function staticAdapter(options: StaticAdapterOptions): BackendAdapter & { products(): Promise<Product[]> } {
  const max = options.maxProducts ?? MAX_STATIC_PRODUCTS;
  let loading: Promise<Product[]> | undefined;
  /** The catalog's fitted ranking, once it is read and checked (its checks load only for a catalog that has one). */
  let ranking: RankingBlock | undefined;
  let block: unknown;
  const found = (given: unknown) => (block = given);
  const check = async (products: Product[], source: string) => {
    if (block !== undefined) ranking = (await import('../ranking/ranking-block.ts')).readRankingBlock(block, source);
    return products;
  };
  const load = () =>
    (loading ??= (async () => {
      const { catalog } = options;
      if (typeof catalog !== 'string') {
        if (!Array.isArray(catalog) && !isObject(catalog)) throw new Error(`${recommendMessages.catalogFailed('catalog', 'it must be an array of products, a catalog object or a URL')}`);
        return check(await loadCatalog(catalog, 'catalog', max, found), 'catalog');
      }
      const doFetch = options.fetch ?? globalThis.fetch;
      try {
        const response = await doFetch(catalog, { credentials: 'same-origin' });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return await check(await loadCatalog(response, catalog, max, found), catalog);
      } catch (error) {
        loading = undefined; // let the next request try again
        throw new Error(recommendMessages.catalogFailed(catalog, describeError(error)));
      }
    })());
  return {
    products: load,
    async candidates(request) {
      const products = await load();
      const items = request.filter ? markChecked(products.filter((p) => matches(p, request.filter!))) : products;
      return { items, cursor: null, ranked: false, ...(ranking ? { ranking } : {}) };
    },
  };
}
