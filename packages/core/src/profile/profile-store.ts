import { createStore, del, get, promisifyRequest, type UseStore } from 'idb-keyval';
import { describeError, messages } from '../messages.ts';
import { warnOnce } from '../util/warn.ts';
import type { Profile } from './profile-types.ts';

/** Where the profile lives between pages. Writes are coalesced: `save` is cheap, `flush` writes now. */
export interface ProfileStore {
  readonly kind: 'indexeddb' | 'memory';
  load(): Promise<unknown>;
  save(profile: Profile): void;
  flush(): Promise<void>;
  clear(): Promise<void>;
}

/** Options of {@link openProfileStore}. */
export interface ProfileStoreOptions {
  /** IndexedDB database name; ours alone, so `forget()` can drop it whole. @default 'shopscene' */
  dbName?: string;
  /** How long writes are gathered before one transaction. @default 250 */
  delayMs?: number;
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
    save(profile) {
      value = profile;
    },
    flush: async () => {},
    clear: async () => {
      value = undefined;
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms (blocked?)`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

/** A store on IndexedDB through idb-keyval; call through {@link openProfileStore}, which checks it works. */
function createIdbProfileStore(dbName: string, delayMs: number): ProfileStore {
  let db: UseStore = createStore(dbName, 'kv');
  let pending: Profile | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  // Like idb-keyval's set(), but commits at once: a page that navigates away right after an event
  // would otherwise lose a transaction still waiting to auto-commit.
  const put = (profile: Profile) =>
    db('readwrite', (store) => {
      store.put(profile, KEY);
      store.transaction.commit?.();
      return promisifyRequest(store.transaction);
    });
  const write = async (profile: Profile) => {
    try {
      await put(profile);
    } catch {
      // The connection may have been closed under us (e.g. a version change elsewhere): reopen once.
      db = createStore(dbName, 'kv');
      try {
        await put(profile);
      } catch (error) {
        warnOnce(messages.storageWriteFailed(describeError(error)));
      }
    }
  };
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const profile = pending;
    pending = undefined;
    if (profile) writing = writing.then(() => write(profile));
    return writing;
  };
  return {
    kind: 'indexeddb',
    load: () => get(KEY, db),
    save(profile) {
      pending = profile;
      if (timer) return;
      // Leading edge: the first change after a quiet spell is written at once (a shopper may leave any
      // moment); changes within the next `delayMs` are gathered into one trailing write.
      void flush();
      timer = setTimeout(flush, delayMs);
    },
    flush,
    async clear() {
      clearTimeout(timer);
      timer = undefined;
      pending = undefined;
      await writing;
      await del(KEY, db);
    },
  };
}

/**
 * Opens the profile store on IndexedDB and reads the stored profile. If IndexedDB is missing,
 * throws, or is blocked, warns once and falls back to memory: the page keeps working either way.
 */
export async function openProfileStore(options: ProfileStoreOptions = {}): Promise<{ store: ProfileStore; stored: unknown }> {
  const { dbName = 'shopscene', delayMs = 250, openTimeoutMs = 3000 } = options;
  try {
    if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('indexedDB is not defined');
    const store = createIdbProfileStore(dbName, delayMs);
    const stored = await withTimeout(store.load(), openTimeoutMs);
    return { store, stored };
  } catch (error) {
    warnOnce(messages.storageFallback(describeError(error)));
    return { store: createMemoryProfileStore(), stored: undefined };
  }
}
