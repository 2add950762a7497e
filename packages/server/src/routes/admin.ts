import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkProducts, deleteProduct, putProduct, replaceCatalog } from '../catalog/catalog-store.ts';
import { HttpError } from '../errors.ts';
import { unstorable } from '../ingest/prepare-events.ts';
import { putScenes, rollbackScenes, sceneVersion, sceneVersions } from '../scenes/scene-store.ts';
import { storeProblems, updateStore } from '../stores.ts';

/** A request body as JSON, with a message naming what is wrong when it is not. */
function json(request: FastifyRequest): unknown {
  const text = request.body;
  if (typeof text !== 'string' || !text.trim()) throw new HttpError(400, 'the body is empty: send JSON');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `the body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * What a store's marketer and merchant do with its secret admin token: the scene config (checked,
 * every version kept, rolled back), the catalog (whole or product by product), the refresh job, and
 * the store's settings.
 */
export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  // Bodies arrive as text: a scene config is kept exactly as written, and every parse error is ours to name.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string', bodyLimit: ctx.limits.adminBodyBytes }, (_request, body, done) => done(null, body));
  // (This plugin's hooks apply to its own routes only: every one of them needs the token.)
  app.addHook('preHandler', app.requireAdmin);
  const storeOf = (request: FastifyRequest) => request.store!.id;
  const changed = (store: string) => ctx.versions.invalidate(store);

  app.get('/v1/admin/store', async (request) => {
    const { id, name, writeKey, origins } = request.store!;
    return { id, name, writeKey, origins };
  });
  app.patch('/v1/admin/store', async (request) => {
    const body = json(request) as { origins?: unknown };
    if (!Array.isArray(body?.origins) || !body.origins.every((o) => typeof o === 'string')) throw new HttpError(400, 'send { "origins": ["https://shop.example", …] }');
    const problems = storeProblems(storeOf(request), body.origins as string[]);
    if (problems.length) throw new HttpError(400, problems.join('; '), problems.map((message) => ({ path: 'origins', message })));
    await updateStore(ctx.db, storeOf(request), { origins: body.origins as string[] });
    ctx.stores.invalidate();
    return { origins: body.origins };
  });

  app.put('/v1/admin/scenes', async (request, reply) => {
    const source = typeof request.body === 'string' ? request.body : '';
    const note = typeof (request.query as { note?: unknown }).note === 'string' ? (request.query as { note: string }).note.slice(0, 200) : undefined;
    const bad = unstorable(source);
    if (bad) throw new HttpError(400, `the scene config ${bad.message}`);
    const result = await putScenes(ctx.db, storeOf(request), source, note);
    if (!result.ok) return reply.code(422).send({ error: `the scene config has ${result.issues.length} issue${result.issues.length === 1 ? '' : 's'}; nothing was changed`, issues: result.issues });
    changed(storeOf(request));
    return { version: result.version, warnings: result.warnings };
  });
  app.get('/v1/admin/scenes/versions', async (request) => ({ versions: await sceneVersions(ctx.db, storeOf(request)) }));
  app.get('/v1/admin/scenes/versions/:version', async (request, reply) => {
    const version = Number((request.params as { version: string }).version);
    const source = Number.isInteger(version) ? await sceneVersion(ctx.db, storeOf(request), version) : null;
    if (source === null) throw new HttpError(404, `no version ${(request.params as { version: string }).version} of this store's scene config`);
    return reply.type('application/json; charset=utf-8').send(source);
  });
  app.post('/v1/admin/scenes/rollback', async (request) => {
    const version = (json(request) as { version?: unknown })?.version;
    if (!Number.isInteger(version)) throw new HttpError(400, 'send { "version": <the version to go back to> }');
    const result = await rollbackScenes(ctx.db, storeOf(request), version as number);
    if (!result.ok) throw new HttpError(result.message.startsWith('there is no') ? 404 : 422, result.message);
    changed(storeOf(request));
    return { version: result.version, restored: version };
  });

  app.put('/v1/admin/catalog', { bodyLimit: ctx.limits.adminBodyBytes }, async (request, reply) => {
    const partial = (request.query as { partial?: string }).partial === 'true';
    const { products, problems } = checkProducts(json(request));
    if (problems.length && (!partial || !products.length)) {
      return reply.code(422).send({ error: `${problems.length} product${problems.length === 1 ? '' : 's'} cannot be kept; nothing was changed (add ?partial=true to keep the others)`, issues: problems });
    }
    await replaceCatalog(ctx.db, storeOf(request), products);
    changed(storeOf(request));
    return { products: products.length, ...(problems.length ? { skipped: problems } : {}) };
  });
  app.put('/v1/admin/catalog/products/:id', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const { products, problems } = checkProducts([json(request)]);
    if (problems.length) throw new HttpError(422, `the product cannot be kept: ${problems.map((p) => p.message).join('; ')}`, problems.map((p) => ({ ...p, path: p.path.replace(/^\[0\]\.?/, '') || '(root)' })));
    if (products[0]!.id !== id) throw new HttpError(400, `the product's id "${products[0]!.id}" is not the one in the URL ("${id}")`);
    const result = await putProduct(ctx.db, storeOf(request), products[0]!);
    changed(storeOf(request));
    return reply.code(result === 'created' ? 201 : 200).send({ id, result });
  });
  app.delete('/v1/admin/catalog/products/:id', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    if (!(await deleteProduct(ctx.db, storeOf(request), id))) throw new HttpError(404, `no product "${id}" in this store's catalog`);
    changed(storeOf(request));
    return reply.code(204).send();
  });
  app.get('/v1/admin/catalog', async (request) => {
    const index = await ctx.catalogs.get(storeOf(request));
    return { products: index.products.length, withRelatedLists: index.products.filter((p) => p.related?.length).length, version: index.version, learnedAt: index.learnedAt, blend: index.blend };
  });

  // Every stored event as JSON lines, oldest first, as the SDK sent it (the collector's format): for
  // `shopscene eval` and `shopscene tune` on the store's own history, or a warehouse. ?since= (epoch ms).
  app.get('/v1/admin/events.jsonl', async (request, reply) => {
    const since = Number((request.query as { since?: string }).since ?? 0);
    if (!Number.isFinite(since)) throw new HttpError(400, 'since: epoch milliseconds');
    const store = storeOf(request);
    reply.type('application/x-ndjson; charset=utf-8');
    async function* lines() {
      let after: [number, string] = [since - 1, ''];
      for (;;) {
        const { rows } = await ctx.db.query<{ time: number; event_id: string; body: unknown }>(
          'SELECT time, event_id, body FROM events WHERE store_id = $1 AND (time, event_id) > ($2, $3) ORDER BY time, event_id LIMIT 5000',
          [store, after[0], after[1]],
        );
        if (rows.length) yield `${rows.map((r) => JSON.stringify(r.body)).join('\n')}\n`;
        if (rows.length < 5000) return;
        after = [rows.at(-1)!.time, rows.at(-1)!.event_id];
      }
    }
    return reply.send(Readable.from(lines()));
  });

  app.post('/v1/admin/refresh', async (request) => {
    const result = await ctx.refresh(storeOf(request));
    changed(storeOf(request));
    return result;
  });
  app.get('/v1/admin/refresh', async (request) => {
    const { rows } = await ctx.db.query<{ run_id: number; started_at: number; finished_at: number | null; status: string; detail: unknown }>(
      'SELECT run_id, started_at, finished_at, status, detail FROM refresh_runs WHERE store_id = $1 ORDER BY run_id DESC LIMIT 20',
      [storeOf(request)],
    );
    return { runs: rows.map((r) => ({ runId: r.run_id, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status, detail: r.detail })) };
  });
}
