import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors.ts';
import { prepareBatch } from '../ingest/prepare-events.ts';
import { parseCursor, recommendPage, type RecommendationRequest } from '../recommend/recommend.ts';
import { componentSchema } from '../schemas.ts';

/** What the SDK calls, with a store's write key: events, recommendations, the scene config, the catalog. */
export async function publicRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const preHandler = app.requireStore;

  app.post('/v1/events', { preHandler }, async (request, reply) => {
    const prepared = prepareBatch(request.body, ctx.now());
    if ('problem' in prepared) throw new HttpError(400, `not a batch of events: ${prepared.problem.path}: ${prepared.problem.message}`, [prepared.problem]);
    const { events, rejected } = prepared;
    if (!events.length && rejected.length) {
      const issues = rejected.flatMap((r) => r.issues);
      throw new HttpError(400, `no event of the batch could be stored: ${issues[0]!.path}: ${issues[0]!.message}`, issues);
    }
    const stored = await ctx.ingest.add(request.store!.id, events);
    // Tells the SDK this backend keeps each event once however often it comes: it may resend what it beaconed.
    void reply.header('x-shopscene-dedupe', 'event_id');
    return { ...stored, ...(rejected.length ? { rejected } : {}) };
  });

  app.post('/v1/recommendations', { preHandler, schema: { body: componentSchema('RecommendationRequest') } }, async (request) => {
    const body = request.body as RecommendationRequest;
    if (parseCursor(body.cursor) === null) throw new HttpError(400, 'cursor: not a cursor this server gave (pass back the last answer’s cursor, or null for the first page)', [{ path: 'cursor', message: 'unknown cursor' }]);
    const store = request.store!.id;
    const [index, scenes] = await Promise.all([ctx.catalogs.get(store), ctx.scenes.get(store)]);
    const page = recommendPage(index, body, { now: ctx.now(), scenes: scenes?.config ?? null });
    // Ranked here: the page needs no related lists (they are most of a product's bytes). The store's
    // fitted ranking goes along, for what the SDK ranks on the device (its fallback catalog).
    return { items: page.items.map(({ related: _, ...product }) => product), cursor: page.cursor, ranked: true, ...(index.blend ? { ranking: index.blend } : {}) };
  });

  app.get('/v1/scenes', { preHandler }, async (request, reply) => {
    const current = await ctx.scenes.get(request.store!.id);
    if (!current) throw new HttpError(404, 'this store has no scene config yet (PUT /v1/admin/scenes)');
    const etag = `"scenes-${current.version}"`;
    void reply.header('etag', etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(current.source);
  });

  // The catalog with what the store's events taught (related lists, popularity, and the fitted ranking,
  // as { "ranking": {…}, "products": […] }): for a script tag on the static mode,
  // `data-catalog="https://…/v1/catalog.json?key=pk_…"`.
  app.get('/v1/catalog.json', { preHandler }, async (request, reply) => {
    const index = await ctx.catalogs.get(request.store!.id);
    const etag = `"catalog-${index.version}"`;
    void reply.header('etag', etag).header('cache-control', 'public, max-age=60');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(index.blend ? { ranking: index.blend, products: index.products } : index.products));
  });
}
