import { describeError, messages } from '../messages.ts';
import { issuesToText } from '../util/issues.ts';
import { warnOnce } from '../util/warn.ts';
import { parseProduct, type Product } from './product.ts';
import type { BackendAdapter, CandidatesRequest } from './types.ts';

/** Options of {@link staticAdapter}. */
export interface StaticAdapterOptions {
  /** The products, or the URL of a JSON array of them. */
  catalog: unknown[] | string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Checks every catalog entry; bad ones are skipped with one warning each, the rest are kept. */
export function parseCatalog(input: unknown, source = 'catalog'): Product[] {
  if (!Array.isArray(input)) throw new Error(`${source} must be a JSON array of products`);
  const products: Product[] = [];
  const seen = new Set<string>();
  input.forEach((entry, index) => {
    const result = parseProduct(entry);
    if (!result.ok) return warnOnce(messages.catalogItemSkipped(source, `[${index}]`, issuesToText(result.issues)));
    if (seen.has(result.value.id)) return warnOnce(messages.catalogItemSkipped(source, `[${index}]`, `id: duplicate id "${result.value.id}"`));
    seen.add(result.value.id);
    products.push(result.value);
  });
  return products;
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
 * ranked on the device by the SDK. Invalid products are skipped with a warning naming their path.
 */
export function staticAdapter(options: StaticAdapterOptions): BackendAdapter & { products(): Promise<Product[]> } {
  let loading: Promise<Product[]> | undefined;
  const load = () =>
    (loading ??= (async () => {
      const { catalog } = options;
      if (typeof catalog !== 'string') return parseCatalog(catalog);
      const doFetch = options.fetch ?? globalThis.fetch;
      try {
        const response = await doFetch(catalog, { credentials: 'same-origin' });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return parseCatalog(await response.json(), catalog);
      } catch (error) {
        loading = undefined; // let the next request try again
        throw new Error(messages.catalogFailed(catalog, describeError(error)));
      }
    })());
  return {
    products: load,
    async candidates(request) {
      const products = await load();
      const items = request.filter ? products.filter((p) => matches(p, request.filter!)) : products;
      return { items, cursor: null, ranked: false };
    },
  };
}
