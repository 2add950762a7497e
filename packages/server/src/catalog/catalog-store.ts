import { issuesToText, parseProduct, type Product } from '@shopscene/core';
import type { Db, Queryable } from '../db/database.ts';
import { unstorable } from '../ingest/prepare-events.ts';

/** A product of an upload that cannot be kept: where it was and why. */
export interface ProductProblem {
  path: string;
  message: string;
}

/** Most products one store's catalog may hold. */
export const MAX_PRODUCTS = 200_000;

/** Checks uploaded products with the SDK's own product checks (`parseProduct`): the good ones, and every problem by path. */
export function checkProducts(input: unknown): { products: Product[]; problems: ProductProblem[] } {
  const list = Array.isArray(input) ? input : input && typeof input === 'object' && Array.isArray((input as { products?: unknown }).products) ? (input as { products: unknown[] }).products : undefined;
  if (!list) return { products: [], problems: [{ path: '(root)', message: 'expected a JSON array of products (or { "products": [...] })' }] };
  if (list.length > MAX_PRODUCTS) return { products: [], problems: [{ path: '(root)', message: `${list.length} products; at most ${MAX_PRODUCTS.toLocaleString('en')}` }] };
  const products: Product[] = [];
  const problems: ProductProblem[] = [];
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const checked = parseProduct(raw);
    if (!checked.ok) return void problems.push({ path: `[${i}]`, message: issuesToText(checked.issues) });
    const bad = unstorable(checked.value);
    if (bad) return void problems.push({ path: `[${i}].${bad.path}`, message: bad.message });
    if (seen.has(checked.value.id)) return void problems.push({ path: `[${i}].id`, message: `"${checked.value.id}" is in the catalog twice` });
    seen.add(checked.value.id);
    products.push(checked.value);
  });
  return { products, problems };
}

const bump = (tx: Queryable, store: string, what: 'catalog' | 'learned' | 'scenes') =>
  tx.query(`UPDATE store_versions SET ${what} = ${what} + 1 WHERE store_id = $1`, [store]);
export { bump as bumpVersion };

/** Replaces a store's whole catalog with `products` (in their order), in one transaction. */
export async function replaceCatalog(db: Db, store: string, products: Product[]): Promise<void> {
  const now = Date.now();
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM products WHERE store_id = $1', [store]);
    for (let at = 0; at < products.length; at += 2000) {
      const rows = products.slice(at, at + 2000).map((p, i) => ({ product_id: p.id, position: at + i, body: p }));
      await tx.query(
        `INSERT INTO products (store_id, product_id, position, body, updated_at)
         SELECT $1, r.product_id, r.position, r.body, $2 FROM jsonb_to_recordset($3::jsonb) AS r(product_id text, position double precision, body jsonb)`,
        [store, now, JSON.stringify(rows)],
      );
    }
    await bump(tx, store, 'catalog');
  });
}

/** Adds or replaces one product (a new one goes last in the catalog's order). */
export async function putProduct(db: Db, store: string, product: Product): Promise<'created' | 'updated'> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ created: boolean }>(
      `INSERT INTO products (store_id, product_id, position, body, updated_at)
       VALUES ($1, $2, (SELECT coalesce(max(position), -1) + 1 FROM products WHERE store_id = $1), $3::jsonb, $4)
       ON CONFLICT (store_id, product_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
       RETURNING (xmax = 0) AS created`,
      [store, product.id, JSON.stringify(product), Date.now()],
    );
    await bump(tx, store, 'catalog');
    return rows[0]?.created ? 'created' : 'updated';
  });
}

/** Removes one product; false when there was none. */
export async function deleteProduct(db: Db, store: string, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rowCount } = await tx.query('DELETE FROM products WHERE store_id = $1 AND product_id = $2', [store, id]);
    if (rowCount) await bump(tx, store, 'catalog');
    return rowCount > 0;
  });
}
