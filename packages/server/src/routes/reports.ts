import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.ts';
import { campaignReport, campaignList } from '../report/campaign-report.ts';
import { campaignCsv, experimentCsv, shopperCsv } from '../report/csv.ts';
import { experimentList, experimentReport } from '../report/experiment-report.ts';
import { shopperReport } from '../report/shopper-report.ts';
import { allScenes } from '../scenes/scene-store.ts';

/** `?format=csv` (or an Accept of text/csv) asks for CSV. */
const wantsCsv = (request: FastifyRequest) => (request.query as { format?: string }).format === 'csv' || /text\/csv/.test(request.headers.accept ?? '');
const csv = (reply: FastifyReply, name: string, text: string) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name.replace(/[^\w.-]+/g, '_')}.csv"`).send(text);

/**
 * What each scene earned, for the store's marketer (the admin token): each A/B test's results, each
 * scene's campaign, shopper flow and brand health — as JSON, or CSV with ?format=csv. They read what
 * the refresh job keeps (`refreshedAt` says when it last ran).
 */
export async function reportRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  app.addHook('preHandler', app.requireAdmin);
  const storeOf = (request: FastifyRequest) => request.store!.id;
  const refreshedAt = async (store: string) =>
    Number((await ctx.db.query<{ at: number | null }>("SELECT max(finished_at) AS at FROM refresh_runs WHERE store_id = $1 AND status = 'done'", [store])).rows[0]?.at) || null;

  app.get('/v1/reports/experiments', async (request) => {
    const store = storeOf(request);
    return { refreshedAt: await refreshedAt(store), experiments: await experimentList(ctx.db, store, await allScenes(ctx.db, store)) };
  });
  app.get('/v1/reports/experiments/:id', async (request, reply) => {
    const store = storeOf(request);
    const { id } = request.params as { id: string };
    const report = await experimentReport(ctx.db, store, id, await allScenes(ctx.db, store));
    if (!report) throw new HttpError(404, `no A/B test "${id}" in this store: neither the scene config nor the events name it`);
    return wantsCsv(request) ? csv(reply, `experiment-${id}`, experimentCsv(report)) : { refreshedAt: await refreshedAt(store), ...report };
  });
  app.get('/v1/reports/campaigns', async (request) => {
    const store = storeOf(request);
    return { refreshedAt: await refreshedAt(store), campaigns: await campaignList(ctx.db, store, await allScenes(ctx.db, store)) };
  });
  app.get('/v1/reports/campaigns/:scene', async (request, reply) => {
    const store = storeOf(request);
    const { scene } = request.params as { scene: string };
    const report = await campaignReport(ctx.db, store, scene, await allScenes(ctx.db, store));
    if (!report) throw new HttpError(404, `no scene "${scene}" in this store: neither the scene config nor the events name it`);
    return wantsCsv(request) ? csv(reply, `campaign-${scene}`, campaignCsv(report)) : { refreshedAt: await refreshedAt(store), ...report };
  });
  app.get('/v1/reports/shoppers', async (request, reply) => {
    const store = storeOf(request);
    const { brand, limit } = request.query as { brand?: string; limit?: string };
    const report = await shopperReport(ctx.db, store, { ...(brand ? { brand } : {}), ...(limit ? { limit: Math.max(1, Math.min(50, Number(limit) || 8)) } : {}) });
    return wantsCsv(request) ? csv(reply, 'shoppers', shopperCsv(report)) : { refreshedAt: await refreshedAt(store), ...report };
  });
}
