// @shopscene/server: the backend of shopscene's HTTP contract on PGlite or PostgreSQL.
export { buildApp, type AppOptions } from './app.ts';
export { startServer, openMigrated, DatabaseError, type RunningServer, type ServerOptions } from './server.ts';
export { createContext, DEFAULT_LIMITS, type Limits, type ServerContext } from './context.ts';
export type { Db, Queryable } from './db/database.ts';
export { openDatabase, type DatabaseOptions } from './db/open-database.ts';
export { migrate, migrations } from './db/migrate.ts';
export { refreshStore, storeRecords, type RefreshOptions, type RefreshResult } from './learn/refresh.ts';
export { createStore, listStores, updateStore, type Store, type NewStore } from './stores.ts';
export { setUpStore, type StoreSetup } from './bootstrap.ts';
export { recommendPage, profileFromSummary } from './recommend/recommend.ts';
export { correctedTime, prepareBatch } from './ingest/prepare-events.ts';
export { main } from './cli.ts';
