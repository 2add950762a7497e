import { afterEach, describe, expect, it, vi } from 'vitest';
import { product } from '../test-support/fixtures.ts';
import { parseCatalog, staticAdapter } from './static-adapter.ts';

afterEach(() => vi.restoreAllMocks());

describe('parseCatalog', () => {
  it('keeps good products and skips bad ones with a warning naming the path', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const good = product('ok', ['A'], 1);
    const products = parseCatalog([
      good,
      { ...good, id: 'js', url: 'javascript:alert(1)' },
      { ...good, id: 'neg', price: -1 },
      { ...good, id: 'noimg', image: { url: '/x.jpg' } },
      { ...good, id: 'ok' },
      { ...good, id: 7, title: '<script>alert(1)</script>' },
    ]);
    expect(products.map((p) => p.id)).toEqual(['ok', '7']);
    expect(products[1]!.title).toBe('<script>alert(1)</script>'); // kept as text; rendering escapes it
    const lines = warn.mock.calls.map((c) => String(c[0]));
    expect(lines).toContainEqual(expect.stringMatching(/\[1\] skipped: url: must be an http\(s\) URL or a path on this site/));
    expect(lines).toContainEqual(expect.stringMatching(/\[2\] skipped: price: must not be negative/));
    expect(lines).toContainEqual(expect.stringMatching(/\[3\] skipped: image\.width: required/));
    expect(lines).toContainEqual(expect.stringMatching(/\[4\] skipped: id: duplicate id "ok"/));
  });

  it('reads related lists, caps their weights and length, and drops a bad list but not its product', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const good = product('a', ['A'], 1);
    const [tuples, long, bad, ids] = parseCatalog([
      { ...good, id: 't', related: [['x', 0.5], [7, 2.5]] },
      { ...good, id: 'l', related: Array.from({ length: 50 }, (_, i) => [`r${i}`, 1]) },
      { ...good, id: 'b', related: [['x', -1]] },
      { ...good, id: 'i', related: ['x', 'y'] },
    ]);
    expect(tuples!.related).toEqual([['x', 0.5], ['7', 1]]);
    expect(long!.related).toHaveLength(20);
    for (const dropped of [bad!, ids!]) {
      expect(dropped.title).toBe('Product a');
      expect(dropped.related).toBeUndefined();
    }
    const lines = warn.mock.calls.map((c) => String(c[0]));
    expect(lines).toContainEqual('shopscene: product b: its related list is ignored (related: [0]: expected [id, weight > 0]); the product is kept');
    expect(lines).toContainEqual('shopscene: product i: its related list is ignored (related: [0]: expected [id, weight > 0]); the product is kept');
  });

  it('says what is wrong when the catalog is not an array', () => {
    expect(() => parseCatalog({ products: [] }, '/catalog.json')).toThrow('/catalog.json must be a JSON array of products');
  });
});

describe('staticAdapter', () => {
  it('fetches a URL catalog once and filters candidates', async () => {
    let fetches = 0;
    const body = JSON.stringify([product('a', ['X'], 1, { brand: 'B' }), product('b', ['Y'], 2, { tags: ['tea'] })]);
    const adapter = staticAdapter({
      catalog: '/catalog.json',
      fetch: async () => (fetches++, new Response(body, { headers: { 'content-type': 'application/json' } })),
    });
    expect((await adapter.candidates({ placement: 'p' })).items).toHaveLength(2);
    expect((await adapter.candidates({ placement: 'p', filter: { categories: ['Y'] } })).items.map((p) => p.id)).toEqual(['b']);
    expect((await adapter.candidates({ placement: 'p', filter: { brands: ['B'] } })).items.map((p) => p.id)).toEqual(['a']);
    expect((await adapter.candidates({ placement: 'p', filter: { tags: ['tea'] } })).items.map((p) => p.id)).toEqual(['b']);
    expect(fetches).toBe(1);
  });

  it('reports a failed fetch clearly and tries again next time', async () => {
    let calls = 0;
    const adapter = staticAdapter({
      catalog: '/missing.json',
      fetch: async () => (++calls === 1 ? new Response('nope', { status: 404 }) : new Response('[]')),
    });
    await expect(adapter.candidates({ placement: 'p' })).rejects.toThrow('could not load the catalog /missing.json: HTTP 404');
    await expect(adapter.candidates({ placement: 'p' })).resolves.toMatchObject({ items: [] });
  });

  it('reads a catalog object: its products, and its fitted ranking block, checked, for the recommender', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const products = [product('a', ['X'], 1), product('b', ['Y'], 2)];
    const ranking = { weights: { reminder: 1.5, related: 'lots' }, relatedLists: { window: 3 } };
    const answer = await staticAdapter({ catalog: { ranking, products } }).candidates({ placement: 'p' });
    expect(answer.items.map((p) => p.id)).toEqual(['a', 'b']);
    expect(answer.ranking).toEqual({ weights: { reminder: 1.5 } }); // the builder's options are the tools'
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^shopscene: catalog: ranking\.weights\.related ignored/)]);
    // A large one, streamed (no length known), with the block after the products.
    const many = Array.from({ length: 3000 }, (_, i) => product(`p${i}`, ['X'], i));
    const body = JSON.stringify({ products: many, ranking: { weights: { related: 3 } } });
    const streamed = staticAdapter({ catalog: '/c.json', fetch: async () => new Response(new Blob([body]).stream()) });
    const big = await streamed.candidates({ placement: 'p' });
    expect(big.items).toHaveLength(3000);
    expect(big.ranking).toEqual({ weights: { related: 3 } });
    // A plain array has no block: the defaults apply.
    expect((await staticAdapter({ catalog: products }).candidates({ placement: 'p' })).ranking).toBeUndefined();
  });
});
