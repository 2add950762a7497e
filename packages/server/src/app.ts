import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ServerContext } from './context.ts';
import { HttpError, isDatabaseDown, RETRY_AFTER_S } from './errors.ts';
import { adminRoutes } from './routes/admin.ts';
import { opsRoutes } from './routes/ops.ts';
import { publicRoutes } from './routes/public.ts';
import { reportPageRoutes } from './routes/report-page.ts';
import { reportRoutes } from './routes/reports.ts';
import { originAllowed, type Store } from './stores.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The store a public request's write key, or an admin request's token, belongs to. */
    store?: Store;
  }
}

/** How the app logs: structured JSON lines (pino), or nothing. */
export interface AppOptions {
  logger?: boolean | { level: string };
  /** Behind a proxy that sets X-Forwarded-For (limits then count the shopper's address). @default false */
  trustProxy?: boolean;
}

/** The write key of a public request: `?key=` (a beacon can carry nothing else) or the `x-shopscene-key` header. */
function writeKeyOf(request: FastifyRequest): string | undefined {
  const query = request.query as { key?: unknown } | undefined;
  const key = typeof query?.key === 'string' ? query.key : request.headers['x-shopscene-key'];
  return typeof key === 'string' && key ? key : undefined;
}

/**
 * The server's HTTP app, over `ctx`: our contract's public routes (keyed by a store's write key, CORS
 * for its origins only, rate-limited by address and by key), the admin routes (a store's secret
 * token), and /healthz, /readyz. A value tests call without a socket (`app.inject`).
 */
export async function buildApp(ctx: ServerContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Union types (a trait is text, a number or true/false) as the contract writes them.
    ajv: { customOptions: { allowUnionTypes: true } },
    bodyLimit: ctx.limits.bodyBytes,
    trustProxy: options.trustProxy ?? false,
    // Our routes name what was wrong; Fastify's own answers (404, bad JSON) say it in plain words too.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // A client that sends its body slower than this (or never finishes it) is cut off: it holds no
    // connection for good, and a shutdown never waits on it for longer.
    requestTimeout: 30_000,
  });

  // Every route, for a test that finds each one in the contract's document.
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => void routes.push({ method: String(route.method), url: route.url }));
  app.decorate('routeList', () => routes.slice());
  // Requests under way, so a shutdown closes kept-alive connections as soon as none is left.
  let inFlight = 0;
  app.addHook('onRequest', (_request, _reply, done) => (inFlight++, done()));
  app.addHook('onResponse', (_request, _reply, done) => (inFlight--, done()));
  app.addHook('onRequestAbort', (_request, done) => (inFlight--, done()));
  app.decorate('inFlight', () => inFlight);

  // Events come as text/plain JSON (a "simple" request: no CORS preflight, which matters at unload),
  // read with Fastify's own JSON parser (which refuses __proto__ keys).
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  // The store of a public request, from its write key (also for a CORS preflight, which carries the URL's key).
  const resolveStore = async (request: FastifyRequest): Promise<Store | undefined> => {
    const key = writeKeyOf(request);
    return key ? ctx.stores.byWriteKey(key) : undefined;
  };

  await app.register(cors, {
    delegator: async (request: FastifyRequest) => {
      const origin = request.headers.origin;
      if (!origin || !request.url.startsWith('/v1/') || request.url.startsWith('/v1/admin')) return { origin: false };
      const store = ctx.ready ? await resolveStore(request).catch(() => undefined) : undefined;
      // Only the store's own origins: never *, never another store's.
      return {
        origin: !!store && originAllowed(store, origin),
        methods: ['GET', 'POST'],
        allowedHeaders: ['content-type', 'x-shopscene-key'],
        exposedHeaders: ['retry-after', 'etag', 'x-shopscene-dedupe'],
        maxAge: 600,
      };
    },
  });

  await app.register(rateLimit, { global: false });
  const byAddress = app.createRateLimit({ max: ctx.limits.perAddress, timeWindow: 60_000, keyGenerator: (request) => `ip:${request.ip}` });
  const byKey = app.createRateLimit({ max: ctx.limits.perKey, timeWindow: 60_000, keyGenerator: (request) => `key:${request.store?.id ?? ''}` });
  /** Answers 429 with Retry-After (seconds) when `check` says the limit is reached. */
  const limit = async (check: typeof byAddress, request: FastifyRequest) => {
    const verdict = await check(request);
    if (!verdict.isAllowed && verdict.isExceeded) throw new HttpError(429, `too many requests; try again in ${verdict.ttlInSeconds} s`, undefined, { 'retry-after': String(Math.max(1, verdict.ttlInSeconds)) });
  };

  app.decorate('ctx', ctx);
  app.decorate('requireStore', async (request: FastifyRequest) => {
    await limit(byAddress, request);
    const key = writeKeyOf(request);
    if (!key) throw new HttpError(401, 'a write key is required: add ?key=pk_… (the script tag’s data-key) to the URL');
    const store = await resolveStore(request);
    if (!store) throw new HttpError(403, 'this write key belongs to no store');
    request.store = store;
    await limit(byKey, request);
  });
  app.decorate('requireAdmin', async (request: FastifyRequest) => {
    await limit(byAddress, request);
    const header = request.headers.authorization;
    const token = typeof header === 'string' && /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw new HttpError(401, 'an admin token is required: Authorization: Bearer sk_…', undefined, { 'www-authenticate': 'Bearer' });
    const store = await ctx.stores.byAdminToken(token);
    if (!store) throw new HttpError(403, 'this admin token belongs to no store');
    request.store = store;
  });

  // Until the database answers and is up to date, every route but the health checks answers 503.
  app.addHook('onRequest', async (request) => {
    if (!ctx.ready && !request.url.startsWith('/healthz') && !request.url.startsWith('/readyz')) {
      throw new HttpError(503, 'the server is starting: its database is not ready yet', undefined, { 'retry-after': '2' });
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown; code?: string }, request, reply: FastifyReply) => {
    if (error instanceof HttpError) {
      void reply.code(error.statusCode).headers(error.headers).send({ error: error.message, ...(error.issues ? { issues: error.issues } : {}) });
      return;
    }
    if (isDatabaseDown(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      void reply.code(503).header('retry-after', String(RETRY_AFTER_S)).send({ error: 'the database cannot be reached right now; try again shortly' });
      return;
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const message =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? `the body is larger than ${Math.round(ctx.limits.bodyBytes / 1024)} KB`
      : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'send JSON: content-type application/json (or text/plain for events)'
      : status >= 500 ? 'the server failed; it has been logged'
      : error.message;
    void reply.code(status).send({ error: message, ...(error.validation ? { issues: validationIssues(error.validation) } : {}) });
  });
  app.setNotFoundHandler((request, reply) => void reply.code(404).send({ error: `no such endpoint: ${request.method} ${request.url.split('?')[0]}` }));

  await app.register(opsRoutes);
  await app.register(publicRoutes);
  await app.register(adminRoutes);
  await app.register(reportRoutes);
  await app.register(reportPageRoutes);
  return app;
}

/** Fastify's schema errors as our issues (path + message). */
function validationIssues(validation: unknown): { path: string; message: string }[] {
  return (validation as { instancePath?: string; message?: string; params?: { missingProperty?: string } }[]).map((v) => ({
    path: `${(v.instancePath ?? '').replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.')}${v.params?.missingProperty ? `${v.instancePath ? '.' : ''}${v.params.missingProperty}` : ''}` || '(root)',
    message: v.message ?? 'invalid',
  }));
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: ServerContext;
    /** Every route of the app: method and URL pattern (`/v1/admin/catalog/products/:id`). */
    routeList(): { method: string; url: string }[];
    /** How many requests are under way. */
    inFlight(): number;
    /** preHandler: a public request needs a store's write key (401 without, 403 for an unknown one), within the limits (429). */
    requireStore(request: FastifyRequest): Promise<void>;
    /** preHandler: an admin request needs the store's secret token. */
    requireAdmin(request: FastifyRequest): Promise<void>;
  }
}
