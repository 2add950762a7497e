// msw handlers that play a backend of our HTTP contract (packages/core/openapi.json) over the demo
// catalog: for adapter tests, and for a demo page in REST mode. A real backend would rank here.
import { http, HttpResponse } from 'msw';

interface Product {
  id: string;
  categories: string[];
  tags?: string[];
  brand?: string;
  popularity: number;
}

interface RecommendationRequest {
  placement: string;
  cursor?: string | null;
  limit?: number;
  filter?: { categories?: string[]; tags?: string[]; brands?: string[]; ids?: string[] };
}

/** Handlers for `${base}/v1/…`, over `catalog` and `scenes`; events are kept, deduplicated by event_id. */
export function contractHandlers(base: string, catalog: Product[], scenes: Record<string, unknown>) {
  const received = new Map<string, unknown>();
  const handlers = [
    http.post(`${base}/v1/recommendations`, async ({ request }) => {
      const req = (await request.json()) as RecommendationRequest;
      if (!req || typeof req.placement !== 'string') return HttpResponse.json({ error: 'placement is required' }, { status: 400 });
      const f = req.filter ?? {};
      const matches = catalog
        .filter(
          (p) =>
            (!f.categories?.length || p.categories.some((c) => f.categories!.includes(c))) &&
            (!f.tags?.length || (p.tags ?? []).some((t) => f.tags!.includes(t))) &&
            (!f.brands?.length || (!!p.brand && f.brands.includes(p.brand))) &&
            (!f.ids?.length || f.ids.includes(p.id)),
        )
        .sort((a, b) => b.popularity - a.popularity);
      const offset = Number(req.cursor ?? 0) || 0;
      const limit = Math.min(Math.max(req.limit ?? 12, 1), 100);
      const next = offset + limit < matches.length ? String(offset + limit) : null;
      return HttpResponse.json({ items: matches.slice(offset, offset + limit), cursor: next, ranked: true });
    }),
    http.post(`${base}/v1/events`, async ({ request }) => {
      let batch: { events?: { event_id?: unknown }[] };
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
    http.get(`${base}/v1/scenes`, () => HttpResponse.json(scenes as Record<string, never>)),
  ];
  return { handlers, received };
}
