import type { FastifyInstance } from 'fastify';
import { migrated } from '../db/migrate.ts';

/** /healthz (the process answers) and /readyz (its database answers and is up to date): for a load balancer. */
export async function opsRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const problem = !ctx.ready ? 'starting' : await ctx.db.ping().then(async () => ((await migrated(ctx.db)) ? null : 'the schema is not up to date'), (error: unknown) => `the database does not answer (${String(error)})`);
    if (problem) return reply.code(503).header('retry-after', '2').send({ status: 'unavailable', problem });
    return { status: 'ready', database: ctx.db.kind, ingest: ctx.ingest.load() };
  });
}
