import { leafCategory, readRankingBlock, type Product, type RankingBlock, type RelatedItem } from '@shopscene/core';
import type { Db } from '../db/database.ts';

/** A store's catalog as recommendations read it: with what the refresh job learned merged in, and indexed. */
export interface CatalogIndex {
  /** Changes whenever the catalog or what was learned changes (an ETag). */
  version: string;
  /** In the store's order. */
  products: Product[];
  byId: Map<string, Product>;
  /** Most popular first. */
  byPopularity: Product[];
  /** Products of each category (any level of their path), each brand and each tag, most popular first. */
  byCategory: Map<string, Product[]>;
  byBrand: Map<string, Product[]>;
  byTag: Map<string, Product[]>;
  /** Trending now (popularity growing fastest), most first. */
  trending: Product[];
  /** The ranking fitted to this store's events by the refresh job, if any: rank()'s weights and the intent's shape. */
  blend: RankingBlock | null;
  /** When the related lists were learned (null: never, the catalog's own lists stand). */
  learnedAt: number | null;
}

const push = <K>(map: Map<K, Product[]>, key: K, p: Product) => {
  const list = map.get(key);
  if (list) list.push(p);
  else map.set(key, [p]);
};

/** Builds the index from products and what was learned: related lists (kept to products of the catalog), popularity and trend. */
export function buildCatalogIndex(
  version: string,
  uploaded: Product[],
  learned: { related: Map<string, RelatedItem[]>; stats: Map<string, { popularity: number; trending: number }>; blend: RankingBlock | null; learnedAt: number | null },
): CatalogIndex {
  const ids = new Set(uploaded.map((p) => p.id));
  const maxUploaded = Math.max(0, ...uploaded.map((p) => p.popularity));
  const maxLearned = Math.max(0, ...[...learned.stats.values()].map((s) => s.popularity));
  const products = uploaded.map((p): Product => {
    // Learned popularity leads once there is any; the catalog's own breaks ties among the rest.
    const popularity = maxLearned > 0 ? (learned.stats.get(p.id)?.popularity ?? 0) + (maxUploaded > 0 ? (p.popularity / maxUploaded) * 0.001 * maxLearned : 0) : p.popularity;
    const product = { ...p, popularity };
    // A list the store's events taught stands over the catalog's own (kept to products of the catalog).
    const list = learned.related.get(p.id)?.filter(([id]) => ids.has(id));
    if (list?.length) product.related = list;
    return product;
  });
  const byPopularity = [...products].sort((a, b) => b.popularity - a.popularity || (a.id < b.id ? -1 : 1));
  const byCategory = new Map<string, Product[]>();
  const byBrand = new Map<string, Product[]>();
  const byTag = new Map<string, Product[]>();
  for (const p of byPopularity) {
    for (const c of new Set(p.categories)) push(byCategory, c, p);
    if (p.brand) push(byBrand, p.brand, p);
    for (const t of new Set(p.tags)) push(byTag, t, p);
  }
  const trending = products
    .filter((p) => (learned.stats.get(p.id)?.trending ?? 0) > 0)
    .sort((a, b) => learned.stats.get(b.id)!.trending - learned.stats.get(a.id)!.trending);
  return { version, products, byId: new Map(products.map((p) => [p.id, p])), byPopularity, byCategory, byBrand, byTag, trending, blend: learned.blend, learnedAt: learned.learnedAt };
}

/** The products matching a request's filter (each kind named must match; any of its values will do), most popular first. */
export function filtered(index: CatalogIndex, filter: { categories?: string[]; tags?: string[]; brands?: string[]; ids?: string[] } | undefined): Product[] {
  if (!filter) return index.byPopularity;
  const kinds: Set<Product>[] = [];
  const union = (lists: (Product[] | undefined)[]) => new Set(lists.flatMap((l) => l ?? []));
  if (filter.categories?.length) kinds.push(union(filter.categories.map((c) => index.byCategory.get(c))));
  if (filter.tags?.length) kinds.push(union(filter.tags.map((t) => index.byTag.get(t))));
  if (filter.brands?.length) kinds.push(union(filter.brands.map((b) => index.byBrand.get(b))));
  if (filter.ids?.length) kinds.push(union(filter.ids.map((id) => (index.byId.has(id) ? [index.byId.get(id)!] : undefined))));
  if (!kinds.length) return index.byPopularity;
  kinds.sort((a, b) => a.size - b.size);
  return index.byPopularity.filter((p) => kinds.every((k) => k.has(p)));
}

/** The narrowest category of a product, if any (re-exported for the recommender). */
export { leafCategory };

/** Reads a store's index from the database: its products in order, and what the refresh job learned. */
export async function loadCatalogIndex(db: Db, store: string, version: string): Promise<CatalogIndex> {
  const [products, related, stats, run] = await Promise.all([
    db.query<{ body: Product }>('SELECT body FROM products WHERE store_id = $1 ORDER BY position', [store]),
    db.query<{ product_id: string; related: RelatedItem[] }>('SELECT product_id, related FROM related_lists WHERE store_id = $1', [store]),
    db.query<{ product_id: string; popularity: number; trending: number }>('SELECT product_id, popularity, trending FROM item_stats WHERE store_id = $1', [store]),
    db.query<{ blend: unknown; finished_at: number }>(
      "SELECT detail->'blend' AS blend, finished_at FROM refresh_runs WHERE store_id = $1 AND status = 'done' ORDER BY run_id DESC LIMIT 1",
      [store],
    ),
  ]);
  return buildCatalogIndex(
    version,
    products.rows.map((r) => r.body),
    {
      related: new Map(related.rows.map((r) => [r.product_id, r.related])),
      stats: new Map(stats.rows.map((r) => [r.product_id, r])),
      blend: readRankingBlock(run.rows[0]?.blend, `store ${store}: the fitted ranking`) ?? null,
      learnedAt: run.rows[0]?.finished_at ?? null,
    },
  );
}
