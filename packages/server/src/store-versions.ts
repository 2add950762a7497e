import type { Db } from './db/database.ts';

/** How far each of a store's kinds of data has changed: a change here or on another server bumps it. */
export interface StoreVersions {
  catalog: number;
  learned: number;
  scenes: number;
}

/**
 * A store's versions, read from the database at most every `checkMs` (what a server keeps in memory
 * is then at most that stale after a change made on another server; a change made here is seen at
 * once through `invalidate`).
 */
export function createVersionWatch(db: Db, options: { checkMs?: number; now?: () => number } = {}) {
  const checkMs = options.checkMs ?? 2000;
  const now = options.now ?? Date.now;
  const kept = new Map<string, { versions: StoreVersions; at: number; reading?: Promise<StoreVersions> }>();
  return {
    async get(store: string): Promise<StoreVersions> {
      const entry = kept.get(store);
      if (entry && now() - entry.at < checkMs) return entry.versions;
      if (entry?.reading) return entry.reading;
      const reading = db
        .query<StoreVersions>('SELECT catalog, learned, scenes FROM store_versions WHERE store_id = $1', [store])
        .then(({ rows }) => {
          const versions = rows[0] ?? { catalog: 0, learned: 0, scenes: 0 };
          kept.set(store, { versions, at: now() });
          return versions;
        })
        .catch((error: unknown) => {
          kept.delete(store);
          throw error;
        });
      kept.set(store, { versions: entry?.versions ?? { catalog: -1, learned: -1, scenes: -1 }, at: entry?.at ?? -Infinity, reading });
      return reading;
    },
    invalidate: (store: string) => void kept.delete(store),
  };
}

/** The version watch's shape. */
export type VersionWatch = ReturnType<typeof createVersionWatch>;

/**
 * Something built from a store's data, kept while its version stands: built again (once, however
 * many requests ask meanwhile) when `versionOf` changes.
 */
export function createStoreCache<T>(watch: VersionWatch, versionOf: (v: StoreVersions) => string, build: (store: string, version: string) => Promise<T>) {
  const kept = new Map<string, { version: string; value: Promise<T> }>();
  return {
    async get(store: string): Promise<T> {
      const version = versionOf(await watch.get(store));
      const entry = kept.get(store);
      if (entry?.version === version) return entry.value;
      const value = build(store, version);
      kept.set(store, { version, value });
      value.catch(() => kept.get(store)?.value === value && kept.delete(store));
      return value;
    },
  };
}
