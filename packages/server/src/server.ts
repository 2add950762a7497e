import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { setUpStore, type SetupReport, type StoreSetup } from './bootstrap.ts';
import { createContext, type Limits, type ServerContext } from './context.ts';
import type { Db } from './db/database.ts';
import { openDatabase, type DatabaseOptions } from './db/open-database.ts';
import { migrate } from './db/migrate.ts';
import type { RefreshOptions } from './learn/refresh.ts';
import { listStores } from './stores.ts';

/** How to start a server. */
export interface ServerOptions {
  /** @default 8787; 0 for a free port */
  port?: number;
  /** @default 127.0.0.1 */
  host?: string;
  /** PostgreSQL (`url`), or PGlite in `dataDir`. */
  database?: DatabaseOptions;
  /** The store a one-command start serves (made if need be), and the files to load into it. */
  store?: StoreSetup | false;
  limits?: Partial<Limits>;
  /** How often the refresh job runs for each store (0: only when asked). @default 15 minutes */
  refreshEveryMs?: number;
  refresh?: Omit<RefreshOptions, 'now' | 'minIntervalMs'>;
  /** Structured logs (JSON lines) at this level, or none. @default 'info' */
  logLevel?: string | false;
  trustProxy?: boolean;
  /** How long a change made on another server may take to be seen here (catalog, scenes, learned lists), ms. @default 2000 */
  versionCheckMs?: number;
  now?: () => number;
}

/** A running server. */
export interface RunningServer {
  url: string;
  app: FastifyInstance;
  ctx: ServerContext;
  db: Db;
  setup: SetupReport | null;
  /** Stops taking requests, lets those under way finish (their events stored), and closes the database. */
  close(): Promise<void>;
}

/** The database could not be opened, reached or brought up to date: the message says what to do. */
export class DatabaseError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/** Where a PostgreSQL URL points, without its password (for messages). */
export const redactUrl = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

/** Opens the database (retrying a PostgreSQL server that is not up yet for a few seconds) and migrates it. */
export async function openMigrated(database: DatabaseOptions, options: { waitMs?: number } = {}): Promise<Db> {
  const deadline = Date.now() + (options.waitMs ?? database.waitMs ?? 10_000);
  let db: Db | undefined;
  for (;;) {
    try {
      db = await openDatabase(database);
      await db.ping();
      break;
    } catch (error) {
      await db?.close().catch(() => {});
      db = undefined;
      const where = database.url ? `the PostgreSQL server at ${redactUrl(database.url)}` : `the embedded database in ${database.dataDir ?? './shopscene-data'}`;
      if ((error as Error).name === 'FolderLockedError') throw new DatabaseError((error as Error).message, 2);
      if (!database.url || Date.now() > deadline) throw new DatabaseError(`cannot open ${where}: ${error instanceof Error ? error.message : String(error)}${database.url ? ' — is it running, and are the host, port, user and password in DATABASE_URL right?' : ''}`, 2);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw new DatabaseError(`cannot bring the database's schema up to date: ${error instanceof Error ? error.message : String(error)}`, 3);
  }
  return db;
}

/**
 * Starts the shopscene server: opens the database (PGlite in a folder by default, PostgreSQL with a
 * URL), applies its migrations, sets up the store, serves our contract, and runs the refresh job on
 * its schedule.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const db = await openMigrated(options.database ?? {});
  let setup: SetupReport | null = null;
  let app: FastifyInstance | undefined;
  try {
    if (options.store !== false) setup = await setUpStore(db, options.store ?? {});
    const ctx = createContext(db, {
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.refresh ? { refresh: options.refresh } : {}),
      ...(options.versionCheckMs !== undefined ? { versionCheckMs: options.versionCheckMs } : {}),
    });
    ctx.ready = true;
    app = await buildApp(ctx, { logger: options.logLevel === false ? false : { level: options.logLevel ?? 'info' }, ...(options.trustProxy ? { trustProxy: true } : {}) });
    const host = options.host ?? '127.0.0.1';
    await app.listen({ port: options.port ?? 8787, host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

    const every = options.refreshEveryMs ?? 15 * 60_000;
    let running: Promise<unknown> = Promise.resolve();
    const scheduled = () => {
      running = running.then(async () => {
        for (const store of await listStores(db)) {
          // Another server may have just run it: a scheduled run skips a store refreshed within the period.
          await ctx.refresh(store.id, { minIntervalMs: every * 0.9 }).catch((error: unknown) => app?.log.error({ err: error, store: store.id }, 'refresh failed'));
        }
      }).catch(() => {});
    };
    const timer = every > 0 ? setInterval(scheduled, every) : undefined;
    timer?.unref();

    const running$ = app;
    return {
      url,
      app: running$,
      ctx,
      db,
      setup,
      async close() {
        clearInterval(timer);
        // Stops listening; requests under way finish (cut off after a grace period); then kept-alive
        // connections are closed rather than waited for.
        const started = Date.now();
        const sweep = setInterval(() => (running$.inFlight() <= 0 || Date.now() - started > 10_000) && running$.server.closeAllConnections(), 50);
        await running$.close();
        clearInterval(sweep);
        await ctx.ingest.drain();
        await running.catch(() => {});
        await db.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
}
