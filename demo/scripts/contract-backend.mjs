// msw handlers that play a backend of our HTTP contract (packages/core/openapi.json) over the demo
// catalog: the demo server serves them at /api (the demo's REST mode), and the contract tests check
// them against the document. A real backend would rank here; this one sorts by popularity (and, for
// "Shoppers also viewed", by the product's related list).
import { getResponse, http, HttpResponse } from 'msw';

/**
 * Handlers for `${base}/v1/…`, over `catalog` and `scenes` (or promises of them, as a page loads them);
 * events are kept, deduplicated by event_id.
 */
export function contractHandlers(base, catalogSource, scenesSource) {
  /** @type {Map<string, unknown>} */
  const received = new Map();
  const handlers = [
    http.post(`${base}/v1/recommendations`, async ({ request }) => {
      const req = await request.json();
      const catalog = await catalogSource;
      if (!req || typeof req.placement !== 'string') return HttpResponse.json({ error: 'placement is required' }, { status: 400 });
      const f = req.filter ?? {};
      const matches = catalog
        .filter(
          (p) =>
            (!f.categories?.length || p.categories.some((c) => f.categories.includes(c))) &&
            (!f.tags?.length || (p.tags ?? []).some((t) => f.tags.includes(t))) &&
            (!f.brands?.length || (!!p.brand && f.brands.includes(p.brand))) &&
            (!f.ids?.length || f.ids.includes(p.id)),
        )
        .sort((a, b) => b.popularity - a.popularity);
      // "Shoppers also viewed" a product: its related list first, in its order; never the product itself.
      if (req.placement.startsWith('related:')) {
        const about = catalog.find((p) => p.id === req.placement.slice(8));
        const order = new Map((about?.related ?? []).map(([id], i) => [id, i]));
        matches.sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity) || b.popularity - a.popularity);
        if (matches.includes(about)) matches.splice(matches.indexOf(about), 1);
      }
      const offset = Number(req.cursor ?? 0) || 0;
      const limit = Math.min(Math.max(req.limit ?? 12, 1), 100);
      const next = offset + limit < matches.length ? String(offset + limit) : null;
      return HttpResponse.json({ items: matches.slice(offset, offset + limit), cursor: next, ranked: true });
    }),
    http.post(`${base}/v1/events`, async ({ request }) => {
      let batch;
      try {
        batch = JSON.parse(await request.text());
      } catch {
        return HttpResponse.json({ error: 'not JSON' }, { status: 400 });
      }
      if (!Array.isArray(batch.events)) return HttpResponse.json({ error: 'expected { "events": [...] }' }, { status: 400 });
      let accepted = 0;
      for (const event of batch.events) {
        if (typeof event?.event_id !== 'string' || received.has(event.event_id)) continue;
        received.set(event.event_id, event);
        accepted++;
      }
      return HttpResponse.json({ accepted, duplicates: batch.events.length - accepted });
    }),
    http.get(`${base}/v1/scenes`, async () => HttpResponse.json(await scenesSource)),
  ];
  return { handlers, received };
}

/** Answers a Node request with the handlers (undefined when none matched): msw playing a real HTTP backend. */
export async function answer(handlers, req, res) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = ['GET', 'HEAD'].includes(req.method ?? 'GET') ? undefined : Buffer.concat(chunks);
  const request = new Request(new URL(req.url ?? '/', `http://${req.headers.host}`), { method: req.method, headers: req.headers, body });
  const response = await getResponse(handlers, request);
  if (!response) return false;
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
  return true;
}
