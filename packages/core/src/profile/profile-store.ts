import { get, promisifyRequest } from 'idb-keyval';
import * as messages from '../messages.ts';
import { describeError } from '../messages.ts';
import { warnOnce } from '../util/warn.ts';
import { withTimeout } from '../util/with-timeout.ts';
import { openIdbStore } from '../util/idb-store.ts';
import type { Profile } from './profile-types.ts';

/** Where the profile lives between pages. `apply` is an atomic read-modify-write, so tabs never lose each other's updates. */
export interface ProfileStore {
  readonly kind: 'indexeddb' | 'memory';
  load(): Promise<unknown>;
  /** Reads what is stored, lets `change` make the next profile, and stores it, in one transaction. */
  apply(change: (stored: unknown) => Profile): Promise<Profile>;
  /** Erases everything of ours this store holds (for IndexedDB: the whole database). */
  clear(): Promise<void>;
}

/** Options of {@link openProfileStore}. */
export interface ProfileStoreOptions {
  /** IndexedDB database name; ours alone, so `forget()` can drop it whole. @default 'shopscene' */
  dbName?: string;
  /** How long opening IndexedDB may take before we give up on it (a blocked open never settles). @default 3000 */
  openTimeoutMs?: number;
}

const KEY = 'profile';

/** A store that keeps the profile only in memory: the fallback, and the store for tests. */
export function createMemoryProfileStore(initial?: unknown): ProfileStore {
  let value = initial;
  return {
    kind: 'memory',
    load: async () => value,
    apply: async (change) => (value = change(value)) as Profile,
    clear: async () => {
      value = undefined;
    },
  };
}

/** A store on IndexedDB through idb-keyval; call through {@link openProfileStore}, which checks it works. */
function createIdbProfileStore(dbName: string): ProfileStore {
  const db = openIdbStore(dbName, 'kv');

  const apply = (change: (stored: unknown) => Profile) =>
    db.use('readwrite', (store) => {
      let next: Profile | undefined;
      const read = store.get(KEY);
      read.onsuccess = () => {
        try {
          next = change(read.result);
          store.put(next, KEY);
          // Commit at once: a page that navigates right after an event must not lose a waiting transaction.
          store.transaction.commit?.();
        } catch {
          // A put can throw (QuotaExceededError, DataCloneError): abort, and the caller hears of it — never the host page.
          store.transaction.abort();
        }
      };
      return promisifyRequest(store.transaction).then(() => next!);
    });

  return {
    kind: 'indexeddb',
    load: () => get(KEY, db.use),
    async apply(change) {
      try {
        return await apply(change);
      } catch {
        // The connection may have been closed under us (another tab's forget, a version change): reopen once.
        db.reopen();
        try {
          return await apply(change);
        } catch (error) {
          warnOnce(messages.storageWriteFailed(describeError(error)));
          throw error;
        }
      }
    },
    clear: () => db.erase(),
  };
}

/**
 * Opens the profile store on IndexedDB and reads the stored profile. If IndexedDB is missing,
 * throws, or is blocked, warns once and falls back to memory: the page keeps working either way.
 */
export async function openProfileStore(options: ProfileStoreOptions = {}): Promise<{ store: ProfileStore; stored: unknown }> {
  const { dbName = 'shopscene', openTimeoutMs = 3000 } = options;
  try {
    if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('indexedDB is not defined');
    const store = createIdbProfileStore(dbName);
    const stored = await withTimeout(store.load(), openTimeoutMs);
    return { store, stored };
  } catch (error) {
    warnOnce(messages.storageFallback(describeError(error)));
    return { store: createMemoryProfileStore(), stored: undefined };
  }
}
