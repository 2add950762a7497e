// @vitest-environment node
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { product } from '../test-support/fixtures.ts';
import { createShopscene } from '../create-shopscene.ts';
import { DeliveryError, restAdapter } from './rest-adapter.ts';
import { staticAdapter } from './static-adapter.ts';

const API = 'https://api.shop.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

const page = { items: [product('a', ['X'], 1), product('b', ['X'], 2)], cursor: 'next', ranked: true };

describe('restAdapter: the contract', () => {
  it('posts the request to /v1/recommendations with the merchant’s headers and returns the validated page', async () => {
    let seen: { body: unknown; auth: string | null } | undefined;
    server.use(
      http.post(`${API}/v1/recommendations`, async ({ request }) => {
        seen = { body: await request.json(), auth: request.headers.get('authorization') };
        return HttpResponse.json(page);
      }),
    );
    const adapter = restAdapter({ baseUrl: `${API}/`, headers: { authorization: 'Bearer k' } });
    const result = await adapter.candidates({ placement: 'guess-you-like', limit: 2, cursor: null });
    expect(seen).toEqual({ body: { placement: 'guess-you-like', limit: 2, cursor: null }, auth: 'Bearer k' });
    expect(result).toEqual({ items: page.items, cursor: 'next', ranked: true });
  });

  it("passes on the store's fitted ranking a backend sends with a page, checked", async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    server.use(http.post(`${API}/v1/recommendations`, () => HttpResponse.json({ ...page, ranked: false, ranking: { weights: { related: 3, reminder: -2 }, intent: { window: 4 } } })));
    const result = await restAdapter({ baseUrl: API }).candidates({ placement: 'guess-you-like' });
    expect(result.ranking).toEqual({ weights: { related: 3 }, intent: { window: 4 } });
    expect(String(vi.mocked(console.warn).mock.calls[0]?.[0])).toContain('ranking.weights.reminder ignored');
  });

  it('sends events as text/plain (no CORS preflight) and reads scenes', async () => {
    let type: string | null = null;
    let body: { events: unknown[]; sent_at: number } | undefined;
    server.use(
      http.post(`${API}/v1/events`, async ({ request }) => {
        type = request.headers.get('content-type');
        body = JSON.parse(await request.text());
        return new HttpResponse(null, { status: 204 });
      }),
      http.get(`${API}/v1/scenes`, () => HttpResponse.json({ themes: {}, scenes: [] })),
    );
    const adapter = restAdapter({ baseUrl: API });
    await adapter.sendEvents!([{ name: 'page_view', event_id: 'e1', time: 1, anonymous_id: 'a', session_id: 's' }], { beacon: false });
    expect(type).toBe('text/plain;charset=UTF-8');
    expect(body!.events).toHaveLength(1);
    expect(typeof body!.sent_at).toBe('number');
    expect(await adapter.scenes!()).toEqual({ themes: {}, scenes: [] });
  });

  it('takes a 404 from /v1/scenes as “no scenes” and reports other failures', async () => {
    server.use(http.get(`${API}/v1/scenes`, () => new HttpResponse('not here', { status: 404 })));
    expect(await restAdapter({ baseUrl: API }).scenes!()).toBeNull();
    server.use(http.get(`${API}/v1/scenes`, () => new HttpResponse('down', { status: 503 })));
    await expect(restAdapter({ baseUrl: API }).scenes!()).rejects.toMatchObject({ status: 503 });
  });

  it('reports a failed delivery with its status and Retry-After, for the outbox', async () => {
    server.use(http.post(`${API}/v1/events`, () => new HttpResponse('slow down', { status: 429, headers: { 'retry-after': '7' } })));
    const error = await restAdapter({ baseUrl: API })
      .sendEvents!([], { beacon: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 7000 });
  });
});

describe('restAdapter: a failing backend', () => {
  const warn = () => vi.spyOn(console, 'warn').mockImplementation(() => {});

  it.each([
    ['a timeout', http.post(`${API}/v1/recommendations`, async () => (await delay(500), HttpResponse.json(page))), /no answer from \/v1\/recommendations in 100 ms/],
    ['the wrong shape', http.post(`${API}/v1/recommendations`, () => HttpResponse.json({ products: [] })), /answered the wrong shape: items, cursor/],
    ['a 5 MB body', http.post(`${API}/v1/recommendations`, () => HttpResponse.json({ items: [], cursor: null, pad: 'x'.repeat(5_000_000) })), /bytes, more than 1000000/],
    ['an HTML error page', http.post(`${API}/v1/recommendations`, () => new HttpResponse('<html><h1>502 Bad Gateway</h1></html>', { status: 200, headers: { 'content-type': 'text/html' } })), /answered text\/html, not JSON/],
    ['a server error', http.post(`${API}/v1/recommendations`, () => new HttpResponse(null, { status: 503 })), /answered HTTP 503/],
    ['a network error', http.post(`${API}/v1/recommendations`, () => HttpResponse.error()), /failed: /],
  ])('on %s: a clear message, and the fallback answers', async (_, handler, message) => {
    const spy = warn();
    server.use(handler);
    const adapter = restAdapter({ baseUrl: API, timeoutMs: 100, fallback: staticAdapter({ catalog: [product('fallback', ['X'], 1)] }) });
    const result = await adapter.candidates({ placement: 'guess-you-like' });
    expect(result.items.map((p) => p.id)).toEqual(['fallback']);
    expect(String(spy.mock.calls.at(-1)?.[0])).toMatch(message);
    expect(String(spy.mock.calls.at(-1)?.[0])).toMatch(/using the fallback/);
  });

  it('serves the last good page stale when the backend fails later', async () => {
    const spy = warn();
    server.use(http.post(`${API}/v1/recommendations`, () => HttpResponse.json(page)));
    const adapter = restAdapter({ baseUrl: API });
    await adapter.candidates({ placement: 'p' });
    server.resetHandlers(http.post(`${API}/v1/recommendations`, () => new HttpResponse(null, { status: 500 })));
    const stale = await adapter.candidates({ placement: 'p' });
    expect(stale.items.map((p) => p.id)).toEqual(['a', 'b']);
    expect(String(spy.mock.calls.at(-1)?.[0])).toMatch(/showing the last good answer/);
  });

  it('without a fallback or cache, rejects with the reason', async () => {
    warn();
    server.use(http.post(`${API}/v1/recommendations`, () => new HttpResponse(null, { status: 500 })));
    await expect(restAdapter({ baseUrl: API }).candidates({ placement: 'p' })).rejects.toThrow('/v1/recommendations answered HTTP 500');
  });

  it('passes a page on as it came; the SDK skips its invalid products by name and keeps the rest', async () => {
    const spy = warn();
    server.use(
      http.post(`${API}/v1/recommendations`, () => HttpResponse.json({ items: [page.items[0], { id: 'bad', title: 'x' }], cursor: null })),
      http.get(`${API}/v1/scenes`, () => new HttpResponse(null, { status: 404 })),
    );
    expect((await restAdapter({ baseUrl: API }).candidates({ placement: 'p' })).items).toHaveLength(2);
    const sdk = createShopscene({ adapter: restAdapter({ baseUrl: API }), storage: 'memory' });
    expect((await sdk.recommend()).items.map((i) => i.product.id)).toEqual(['a']);
    expect(spy.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/adapter answer item guess-you-like\[1\] skipped: title|url|price/);
  });
});
