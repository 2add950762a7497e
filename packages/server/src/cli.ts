import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ScenesFileError } from './bootstrap.ts';
import { openMigrated, DatabaseError, redactUrl, startServer, type RunningServer } from './server.ts';
import { createStore, listStores, LOOPBACK_ORIGINS, updateStore } from './stores.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase, type DatabaseOptions } from './db/open-database.ts';
import { refreshStore } from './learn/refresh.ts';

export const HELP = `shopscene-server — the backend of shopscene's HTTP contract, on its own database

  shopscene-server [serve] [--catalog catalog.json] [--scenes scenes.json] [options]
      Serves events, recommendations, scenes, the catalog and reports for a store (made on the first
      start: its write key and admin token are printed then). With no DATABASE_URL, the database is
      PGlite, embedded, in --data (default ./shopscene-data): nothing to install.
      --port N            (PORT; default 8787, 0 for a free one)   --host H  (HOST; default 127.0.0.1)
      --data DIR          PGlite's folder (SHOPSCENE_DATA)
      --store ID          the store to set up (default: default)
      --origin URL        a page origin allowed to call (repeat; SHOPSCENE_ORIGINS=a,b); a new store
                          allows http://localhost:* and http://127.0.0.1:* when none is named
      --refresh-every T   how often the refresh job learns from the events (default 15m; 0: only on demand)
      --log-level L       info, warn, error, silent (default info)
      --limit-per-address N, --limit-per-key N
                          requests a minute from one address (default 1200) and with one write key
                          (default 60000); past them, 429 with Retry-After
  shopscene-server migrate            applies the schema's migrations and exits
  shopscene-server refresh [--store ID]
                                      runs the refresh job now (related lists, popularity, trending, the
                                      ranking fitted to the store's events) and says how the fit did
  shopscene-server store list         the stores, their write keys and origins
  shopscene-server store add ID [--origin URL …]
                                      a new store: prints its write key and admin token (shown once)
  shopscene-server store token ID     a new admin token for the store (the old one stops working)
  shopscene-server store origins ID URL …
                                      the page origins allowed to call the store

  DATABASE_URL=postgres://user:password@host:5432/db  uses a PostgreSQL server instead (the same schema);
                      SHOPSCENE_DB_WAIT (default 10s) is how long a start waits for it to come up.
  SHOPSCENE_WRITE_KEY, SHOPSCENE_ADMIN_TOKEN          fixed keys for the store set up (a demo, CI).
`;

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
/** `15m`, `30s`, `2h`, `0` as milliseconds. */
export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration such as 30s, 15m or 2h`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's') as 'ms']!;
}

const print = (line: string) => process.stderr.write(`${line}\n`);

/** Runs the command line; resolves with the exit code (serve resolves once the server has stopped). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      store: { type: 'string' },
      origin: { type: 'string', multiple: true },
      catalog: { type: 'string' },
      scenes: { type: 'string' },
      'refresh-every': { type: 'string' },
      'log-level': { type: 'string' },
      'limit-per-address': { type: 'string' },
      'limit-per-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command = 'serve', ...rest] = positionals;
  if (values.help || command === 'help') return print(HELP), 0;
  const database: DatabaseOptions = env.DATABASE_URL
    ? { url: env.DATABASE_URL, ...(env.SHOPSCENE_DB_WAIT ? { waitMs: parseDuration(env.SHOPSCENE_DB_WAIT) } : {}) }
    : { dataDir: resolve(values.data ?? env.SHOPSCENE_DATA ?? './shopscene-data') };
  const origins = values.origin ?? (env.SHOPSCENE_ORIGINS ? env.SHOPSCENE_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) : undefined);
  const where = database.url ? `PostgreSQL at ${redactUrl(database.url)}` : `the embedded database (PGlite) in ${database.dataDir}`;

  if (command === 'migrate') {
    const db = await openMigrated(database);
    await db.close();
    print(`${where}: the schema is up to date`);
    return 0;
  }
  if (command === 'refresh') {
    const db = await openMigrated(database);
    try {
      const stores = values.store ? [values.store] : (await listStores(db)).map((s) => s.id);
      for (const store of stores) {
        const result = await refreshStore(db, store, { fit: { progress: (line) => process.stderr.write(`  … ${line}\n`) } });
        if (result.status !== 'done') {
          print(`${store}: skipped (${result.reason})`);
          continue;
        }
        print(`${store}: ${result.events.toLocaleString('en')} events, ${result.visits.toLocaleString('en')} visits, ${result.lists.toLocaleString('en')} related lists in ${(result.ms / 1000).toFixed(1)} s`);
        const { fit } = result;
        const f = (x: number) => x.toFixed(4);
        print(
          fit.status === 'fitted'
            ? `  ranking fitted on ${fit.sessions.toLocaleString('en')} of the latest sessions (${fit.trials} blends): NDCG@10 ${f(fit.before.ndcg)} with the defaults, ${f(fit.after.ndcg)} fitted (HR@10 ${f(fit.before.hr)} → ${f(fit.after.hr)}, MRR@10 ${f(fit.before.mrr)} → ${f(fit.after.mrr)})${result.blend?.fitted.after === fit.after ? '' : result.blend ? '; no better: the last fitted one stands' : '; no better than the defaults: not used'}`
            : `  ranking not fitted: ${fit.reason}${result.blend ? ' (the last fitted one stands)' : ' (the defaults stand)'}`,
        );
      }
    } finally {
      await db.close();
    }
    return 0;
  }
  if (command === 'store') {
    const db = await openDatabase(database);
    try {
      await migrate(db);
      const [verb, id, ...more] = rest;
      if (verb === 'list') {
        for (const s of await listStores(db)) print(`${s.id}\twrite key ${s.writeKey}\torigins ${s.origins.join(' ')}`);
        return 0;
      }
      if (verb === 'add' && id) {
        const store = await createStore(db, { id, origins: origins ?? LOOPBACK_ORIGINS });
        print(`store "${store.id}": write key ${store.writeKey} (data-key on the script tag)\n  admin token ${store.adminToken} (shown once: keep it secret)\n  origins ${store.origins.join(' ')}`);
        return 0;
      }
      if (verb === 'token' && id) {
        const { adminToken } = await updateStore(db, id, { newAdminToken: true });
        print(`store "${id}": new admin token ${adminToken} (the old one no longer works)`);
        return 0;
      }
      if (verb === 'origins' && id && more.length) {
        await updateStore(db, id, { origins: more });
        print(`store "${id}": origins ${more.join(' ')}`);
        return 0;
      }
      print('usage: shopscene-server store list | add ID [--origin URL …] | token ID | origins ID URL …');
      return 1;
    } finally {
      await db.close();
    }
  }
  if (command !== 'serve') {
    print(`unknown command "${command}"\n\n${HELP}`);
    return 1;
  }

  let server: RunningServer;
  try {
    server = await startServer({
      port: Number(values.port ?? env.PORT ?? 8787),
      host: values.host ?? env.HOST ?? '127.0.0.1',
      database,
      store: {
        ...(values.store ? { id: values.store } : {}),
        ...(origins ? { origins } : {}),
        ...(env.SHOPSCENE_WRITE_KEY ? { writeKey: env.SHOPSCENE_WRITE_KEY } : {}),
        ...(env.SHOPSCENE_ADMIN_TOKEN ? { adminToken: env.SHOPSCENE_ADMIN_TOKEN } : {}),
        ...(values.catalog ? { catalogFile: values.catalog } : {}),
        ...(values.scenes ? { scenesFile: values.scenes } : {}),
      },
      refreshEveryMs: parseDuration(values['refresh-every'] ?? '15m'),
      limits: {
        ...(values['limit-per-address'] ? { perAddress: Number(values['limit-per-address']) } : {}),
        ...(values['limit-per-key'] ? { perKey: Number(values['limit-per-key']) } : {}),
      },
      logLevel: values['log-level'] === 'silent' ? false : (values['log-level'] ?? 'info'),
    });
  } catch (error) {
    if (error instanceof ScenesFileError) return print(`the scene config does not pass the checks; nothing was started:\n${error.message}`), 1;
    if (error instanceof DatabaseError) return print(`shopscene-server: ${error.message}`), error.exitCode;
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return print(`shopscene-server: port ${values.port ?? env.PORT ?? 8787} is taken: stop what uses it, or choose another (--port N, or 0 for a free one)`), 1;
    print(`shopscene-server: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const { setup } = server;
  print(`shopscene server on ${server.url} — ${where}`);
  if (!database.url) print('  (embedded: for a laptop, a demo or a small store; a power cut may lose the last seconds of events. For more, use PostgreSQL: DATABASE_URL)');
  if (setup) {
    print(`  store "${setup.store.id}": write key ${setup.store.writeKey} — on the script tag: data-api="${server.url}" data-key="${setup.store.writeKey}"`);
    if (setup.created && !env.SHOPSCENE_ADMIN_TOKEN) print(`  admin token ${setup.created.adminToken} (shown once: keep it secret; a new one: shopscene-server store token ${setup.store.id})`);
    print(`  origins allowed: ${setup.store.origins.join(' ')}`);
    if (setup.catalog) print(`  catalog: ${setup.catalog.products.toLocaleString('en')} products${setup.catalog.skipped.length ? `; ${setup.catalog.skipped.length} skipped (${setup.catalog.skipped.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ')}${setup.catalog.skipped.length > 3 ? '; …' : ''})` : ''}`);
    if (setup.scenes) print(`  scenes: version ${setup.scenes.version}${setup.scenes.changed ? ' (new)' : ''}`);
  }
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      print(`${signal}: finishing the requests under way…`);
      server.close().then(done, (error: unknown) => (print(`while stopping: ${String(error)}`), done()));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
