import { afterEach, describe, expect, it } from 'vitest';
import { parseProduct, type Product } from './product.ts';
import { isSafeUrl } from '../util/safe-url.ts';
import { quickProduct, safeUrl } from './quick-product.ts';

const base = () => ({
  id: 'sku-1',
  title: 'Green tea',
  url: '/p/sku-1',
  price: 9.5,
  currency: 'USD',
  categories: ['Food', 'Tea'],
  image: { url: '/img/1.jpg', width: 600, height: 800, alt: 'A tin' },
  popularity: 12,
});

/** A product, and each field changed in the ways a catalog gets them wrong (or merely different). */
const variants: unknown[] = [
  base(),
  { ...base(), image: { url: 'https://cdn.example/1.jpg', width: 1, height: 2 } },
  { ...base(), brand: 'Leaf', tags: ['green', ''], inStock: false, rating: 4.5, originalPrice: 12 },
  { ...base(), description: 'kept out', sku: 7 },
  { ...base(), categories: undefined, popularity: undefined },
  { ...base(), brand: undefined, note: 'an undefined field and an unknown one: the counts must not cancel out' },
  { ...base(), related: [['sku-2', 0.5]] },
  { ...base(), related: 'bad' },
  { ...base(), group: { size: 3 } },
  { ...base(), id: 42 },
  { ...base(), id: '' },
  { ...base(), title: 'x'.repeat(301) },
  { ...base(), url: 'javascript:alert(1)' },
  { ...base(), url: ' /p/1' },
  // URLs at the edges of isSafeUrl.
  ...['HTTPS://Example.com/p', 'https://', 'https://a\\b', '//evil.example/p', '/\\evil.example', '/', '/p/a b', '/p/é', 'p/1', '/p/1\u007f', 'https:evil.example'].flatMap((url) => [
    { ...base(), url },
    { ...base(), image: { url, width: 10, height: 10 } },
  ]),
  { ...base(), price: '9.99' },
  { ...base(), price: -1 },
  { ...base(), price: Infinity },
  { ...base(), currency: 'usd' },
  { ...base(), categories: ['Food', ''] },
  { ...base(), tags: [1] },
  { ...base(), rating: 6 },
  { ...base(), inStock: 'yes' },
  { ...base(), brand: 3 },
  { ...base(), image: { url: '/i.jpg', width: 0, height: 10 } },
  { ...base(), image: { url: '/i.jpg', width: 10, height: 10, extra: 1 } },
  { ...base(), image: { url: '/i.jpg', width: 10, height: 10, alt: 3 } },
  { ...base(), image: { url: 'data:image/png,x', width: 10, height: 10 } },
  { ...base(), image: '/i.jpg' },
  { ...base(), image: undefined },
  { ...base(), currency: undefined },
  [],
  null,
  'sku-1',
];

describe('quickProduct', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).id;
    delete (Object.prototype as Record<string, unknown>).url;
  });

  it('gives what parseProduct gives, or leaves the product to it: never a different answer', () => {
    let quick = 0;
    for (const input of variants) {
      const fast = quickProduct(structuredClone(input));
      const careful = parseProduct(structuredClone(input));
      if (fast === undefined) continue;
      quick++;
      expect(careful.ok, JSON.stringify(input)).toBe(true);
      expect(fast).toStrictEqual(careful.ok && careful.value);
    }
    // The common shapes do take the quick way.
    expect(quick).toBeGreaterThanOrEqual(5);
    expect(quickProduct(base())).toBeDefined();
  });

  it('knows every field parseProduct knows and requires what it requires: a product with all of them, and with each left out', () => {
    // Typed with every field of Product: a field added there fails the type check here until it is added.
    const full: Required<Omit<Product, 'related' | 'group'>> = {
      ...base(),
      tags: ['green'],
      image: { url: '/img/1.jpg', width: 600, height: 800, alt: 'A tin' },
      originalPrice: 12,
      brand: 'Leaf',
      rating: 4,
      inStock: true,
    };
    const all = parseProduct(structuredClone(full));
    expect(all.ok).toBe(true);
    expect(quickProduct(structuredClone(full))).toStrictEqual(all.ok && all.value);
    for (const key of Object.keys(full)) {
      const { [key]: _, ...without } = full as Record<string, unknown>;
      const fast = quickProduct(structuredClone(without));
      const careful = parseProduct(structuredClone(without));
      if (fast === undefined) continue;
      expect(careful.ok, `without ${key}`).toBe(true);
      expect(fast, `without ${key}`).toStrictEqual(careful.ok && careful.value);
    }
  });

  it('takes only own fields: what a page added to Object.prototype never makes a product', () => {
    (Object.prototype as Record<string, unknown>).id = 'from-the-prototype';
    const { id: _, ...noId } = base();
    expect(quickProduct(noId)).toBeUndefined();
    expect(parseProduct(noId).ok).toBe(false);
    (Object.prototype as Record<string, unknown>).url = '/i.jpg';
    expect(quickProduct({ ...base(), image: { width: 10, height: 10, alt: '' } })).toBeUndefined();
  });

  it('leaves each field wrong in turn to parseProduct, in a plain product and a full one, and takes no field from Object.prototype', () => {
    const full = { ...base(), brand: 'Leaf', tags: ['green'], inStock: true, rating: 4, originalPrice: 12 };
    const products = [base(), full];
    const wrong: Record<string, unknown[]> = {
      id: ['', 7, null],
      title: ['', 'x'.repeat(301), 3],
      url: ['javascript:x', '//evil.example', 5],
      price: [-1, '9', Infinity],
      currency: ['usd', 'US', 1],
      image: [{ url: '/i.jpg', width: 0, height: 1 }, '/i.jpg', { url: '/i.jpg', width: 1, height: 1, x: 1 }],
      categories: [['a', ''], 'a', [1]],
      popularity: [-1, '3', NaN],
      brand: [3, null],
      tags: [[2], 'x'],
      inStock: ['yes', 1],
      rating: [6, -1, '4'],
      originalPrice: [-2, '1'],
    };
    let wrongs = 0;
    for (const product of products) {
      expect(quickProduct(structuredClone(product))).toBeDefined();
      for (const [key, values] of Object.entries(wrong)) {
        if (!(key in product)) continue;
        for (const value of values) {
          const input = { ...structuredClone(product), [key]: value };
          wrongs++;
          // Wrong, or to be converted or cut: left to parseProduct, which says what it makes of it.
          expect(quickProduct(structuredClone(input)), `${key}: ${JSON.stringify(value)}`).toBeUndefined();
        }
      }
      // A field the product lacks, added to Object.prototype by a page: never taken as the product's.
      for (const [key, value] of [['brand', 'Inherited'], ['tags', ['x']], ['related', [['b', 1]]], ['rating', 5]] as const) {
        if (key in product) continue;
        (Object.prototype as Record<string, unknown>)[key] = value;
        try {
          // The quick way leaves it to parseProduct (its check of the image's own fields sees the
          // prototype's), which keeps the product and none of the prototype's fields as its own.
          expect(quickProduct(structuredClone(product)), `inherited ${key}`).toBeUndefined();
          const careful = parseProduct(structuredClone(product));
          expect(careful.ok, `inherited ${key}`).toBe(true);
          expect(Object.keys(careful.ok ? careful.value : {}), `inherited ${key}`).not.toContain(key);
        } finally {
          delete (Object.prototype as Record<string, unknown>)[key];
        }
      }
    }
    expect(wrongs).toBeGreaterThan(40);
  });

  it('returns a product without other fields as it is, completed; one with others as a clean copy', () => {
    const plain = base();
    expect(quickProduct(plain)).toBe(plain);
    expect(plain).toMatchObject({ tags: [], inStock: true });
    const extra = { ...base(), description: 'long text' };
    const copy = quickProduct(extra)!;
    expect(copy).not.toBe(extra);
    expect(copy).not.toHaveProperty('description');
  });
});

describe('quickProduct on objects that are not plain', () => {
  it('leaves a product or an image with another prototype to parseProduct, which decides as before', () => {
    class Item {
      constructor(readonly fields: object) {
        Object.assign(this, fields);
      }
    }
    const inputs = [new Item(base()), Object.assign(Object.create(null), base()), { ...base(), image: Object.assign(Object.create(null), base().image) }];
    for (const input of inputs) {
      expect(quickProduct(input)).toBeUndefined();
      expect(parseProduct(input).ok).toBe(true);
    }
    // A plain one still takes the quick way.
    expect(quickProduct(base())).toBeDefined();
  });
});

describe('safeUrl', () => {
  it('answers as isSafeUrl does for URLs of every shape (its quick test for the usual ones changes no answer)', () => {
    const parts = ['/', '//', 'https:', 'http:', 'HTTPS:', 'javascript:', 'x', 'p', '.', '\\', ' ', '\t', '\u007f', '\u00a0', 'é', ':', '?', '#', '~', '[', ']', '@'];
    let seed = 7;
    const next = () => ((seed = Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
    let safe = 0;
    for (let i = 0; i < 20_000; i++) {
      let url = '';
      for (let n = Math.floor(next() * 6); n >= 0; n--) url += parts[Math.floor(next() * parts.length)];
      expect([url, safeUrl(url)]).toEqual([url, isSafeUrl(url)]);
      if (isSafeUrl(url)) safe++;
    }
    // Both answers came up often.
    expect(safe).toBeGreaterThan(2_000);
    expect(safe).toBeLessThan(18_000);
  });
});
