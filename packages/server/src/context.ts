import type { CatalogIndex } from './catalog/catalog-index.ts';
import { loadCatalogIndex } from './catalog/catalog-index.ts';
import type { Db } from './db/database.ts';
import { createIngestQueue, type IngestQueue } from './ingest/ingest-queue.ts';
import { refreshStore, type RefreshOptions, type RefreshResult } from './learn/refresh.ts';
import { currentScenes, type CurrentScenes } from './scenes/scene-store.ts';
import { createStoreCache, createVersionWatch, type VersionWatch } from './store-versions.ts';
import { createStoreDirectory, type StoreDirectory } from './stores.ts';

/** Request limits: bodies, and requests per minute by address and by write key. */
export interface Limits {
  /** Largest body of a public request (a batch of events), bytes. @default 1 MiB */
  bodyBytes: number;
  /** Largest body of an admin request (a whole catalog), bytes. @default 64 MiB */
  adminBodyBytes: number;
  /** Requests per minute from one address (shoppers behind one NAT share it). @default 1200 */
  perAddress: number;
  /** Requests per minute with one write key (a whole store). @default 60000 */
  perKey: number;
}

/** The defaults of {@link Limits}. */
export const DEFAULT_LIMITS: Limits = { bodyBytes: 1024 * 1024, adminBodyBytes: 64 * 1024 * 1024, perAddress: 1200, perKey: 60_000 };

/** What every route works with: the database, the stores, the ingest queue, what is kept in memory. */
export interface ServerContext {
  db: Db;
  stores: StoreDirectory;
  ingest: IngestQueue;
  versions: VersionWatch;
  catalogs: { get(store: string): Promise<CatalogIndex> };
  scenes: { get(store: string): Promise<CurrentScenes | null> };
  limits: Limits;
  now: () => number;
  /** Runs the refresh job for a store (with the blend fitting the server was given); `minIntervalMs` skips a store refreshed that recently. */
  refresh(store: string, options?: { minIntervalMs?: number }): Promise<RefreshResult>;
  /** False until the database answers and its schema is up to date; the routes answer 503 meanwhile. */
  ready: boolean;
}

/** The context of a server on `db`. */
export function createContext(db: Db, options: { limits?: Partial<Limits>; now?: () => number; refresh?: Omit<RefreshOptions, 'now'>; versionCheckMs?: number } = {}): ServerContext {
  const now = options.now ?? Date.now;
  const versions = createVersionWatch(db, { ...(options.versionCheckMs !== undefined ? { checkMs: options.versionCheckMs } : {}), now });
  return {
    db,
    stores: createStoreDirectory(db, { now }),
    ingest: createIngestQueue(db),
    versions,
    catalogs: createStoreCache(versions, (v) => `${v.catalog}.${v.learned}`, (store, version) => loadCatalogIndex(db, store, version)),
    scenes: createStoreCache(versions, (v) => String(v.scenes), (store) => currentScenes(db, store)),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    now,
    refresh: async (store, extra) => {
      const result = await refreshStore(db, store, { ...options.refresh, ...extra, now });
      versions.invalidate(store);
      return result;
    },
    ready: false,
  };
}
