import { issueMessage } from '../util/issue-message.ts';
import * as z from 'zod/mini';
import { toIssues, type Issue } from '../util/issues.ts';
import { isSafeUrl } from '../util/safe-url.ts';
import { messages } from '../messages.ts';
import { warnOnce } from '../util/warn.ts';

/** Longest product title kept; longer ones are cut with a warning. */
const MAX_TITLE = 300;

const url = z.string().check(z.minLength(1, 'must not be empty'), z.refine(isSafeUrl, 'must be an http(s) URL or a path on this site'));
const positive = z.number().check(z.positive('must be greater than 0'));

/** A product as adapters return it; images carry their size so every card's box is reserved before load. */
export const productSchema = z.object({
  id: z.string().check(z.minLength(1, 'must not be empty')),
  title: z.string().check(z.minLength(1, 'must not be empty')),
  url,
  price: z.number().check(z.nonnegative('must not be negative')),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as "USD"')),
  originalPrice: z.optional(z.number().check(z.nonnegative('must not be negative'))),
  brand: z.optional(z.string()),
  categories: z._default(z.array(z.string().check(z.minLength(1))), []),
  tags: z._default(z.array(z.string()), []),
  image: z.object({ url, width: positive, height: positive, alt: z.optional(z.string()) }),
  rating: z.optional(z.number().check(z.gte(0, 'must be 0 to 5'), z.lte(5, 'must be 0 to 5'))),
  popularity: z._default(z.number().check(z.nonnegative('must not be negative')), 0),
  inStock: z._default(z.boolean(), true),
});

/** A product: what adapters return and widgets show. */
export type Product = z.infer<typeof productSchema>;

/** Checks one outside product. Numeric ids are accepted and turned into strings. */
export function parseProduct(input: unknown): { ok: true; value: Product } | { ok: false; issues: Issue[] } {
  let withId = input as object;
  if (input && typeof input === 'object') {
    const { id, title } = input as { id?: unknown; title?: unknown };
    if (typeof id === 'number') withId = { ...withId, id: String(id) };
    // An oversized title is cut, never rendered whole (nor a reason to lose the product).
    if (typeof title === 'string' && title.length > MAX_TITLE) {
      warnOnce(messages.textCut(`product ${String(id)} title`, title.length, MAX_TITLE));
      withId = { ...withId, title: title.slice(0, MAX_TITLE) };
    }
  }
  const parsed = productSchema.safeParse(withId, { error: issueMessage });
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error.issues) };
  checked.add(parsed.data);
  return { ok: true, value: parsed.data };
}

/** Products this module made from checked input: passed on without checking again. */
const checked = new WeakSet<object>();

/**
 * The products of an adapter's answer that are valid, checked unless they came from {@link parseProduct}
 * (a custom adapter's products are outside input too); each bad one is skipped with a warning.
 */
export function checkedProducts(items: unknown, source: string, skipped: (where: string, issues: Issue[]) => void): Product[] {
  if (!Array.isArray(items)) {
    skipped('(root)', [{ path: 'items', message: 'must be an array of products' }]);
    return [];
  }
  const out: Product[] = [];
  items.forEach((item, index) => {
    if (item && typeof item === 'object' && checked.has(item)) return void out.push(item as Product);
    const result = parseProduct(item);
    if (result.ok) out.push(result.value);
    else skipped(`${source}[${index}]`, result.issues);
  });
  return out;
}

/** The narrowest category of a product (its last path segment), if any. */
export function leafCategory(product: Pick<Product, 'categories'>): string | undefined {
  return product.categories[product.categories.length - 1];
}
