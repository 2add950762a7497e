import { promisifyRequest } from 'idb-keyval';
import type { ShopEvent } from '../events/event-schema.ts';
import { describeError } from '../messages.ts';
import { withTimeout } from '../util/with-timeout.ts';
import { openIdbStore } from '../util/idb-store.ts';
import { batchBytes, evict } from './delivery-policy.ts';

/** One queued event. `key` orders the queue (time, then the order a tab tracked them). */
export interface QueueRecord {
  key: string;
  event: ShopEvent;
  /** Its size in a request body. */
  bytes: number;
  /** Set while a sender has it in flight; a claim past `until` is free to take again. */
  claim?: { by: string; until: number };
}

/** The most a queue keeps; past it, impressions go first and carts and orders never. */
export interface QueueLimits {
  maxCount: number;
  maxBytes: number;
}

/**
 * The outbox's queue: events waiting to be sent, shared by the tabs of a store (IndexedDB) or kept
 * by one page (memory). Every method is one transaction.
 */
export interface QueueStore {
  readonly kind: 'indexeddb' | 'memory';
  /** Adds records; when over the limits, sheds to 90 % of them and says what went. */
  add(records: QueueRecord[], limits: QueueLimits): Promise<{ dropped: QueueRecord[]; size: number }>;
  /** Takes the oldest free records, up to `maxCount` and a body of `maxBytes`, marking them claimed by `by`. */
  claim(by: string, now: number, leaseMs: number, maxCount: number, maxBytes: number): Promise<{ records: QueueRecord[]; size: number }>;
  /** Deletes these records (delivered, or dropped); returns the queue's size after. */
  remove(keys: string[]): Promise<number>;
  /**
   * Deletes these records without reading first, so the transaction is issued whole at once: for
   * a page's last moments, when a read would come back too late.
   */
  discard(keys: string[]): Promise<void>;
  /** Frees these records' claims by `by`, so they can be taken again. */
  release(by: string, keys: string[]): Promise<void>;
  size(): Promise<number>;
  /** Erases the queue (for IndexedDB: the whole database). */
  clear(): Promise<void>;
  /**
   * Takes, renews (`ms` > 0) or gives up (`ms` = 0) the sender lease: the safe fallback for one sender
   * at a time where Web Locks are missing. True when `tab` holds it after the call.
   */
  lease(tab: string, now: number, ms: number): Promise<boolean>;
}

/** Sheds to 90 % of the limits, so a full queue does not shed on every event. */
function shed(records: QueueRecord[], limits: QueueLimits) {
  const bytes = records.reduce((sum, r) => sum + r.bytes, 0);
  if (records.length <= limits.maxCount && bytes <= limits.maxBytes) return { kept: records, dropped: [] };
  return evict(records, Math.floor(limits.maxCount * 0.9), Math.floor(limits.maxBytes * 0.9));
}

const free = (record: QueueRecord, now: number) => !record.claim || record.claim.until <= now;

/** A queue in this page's memory: the fallback without IndexedDB, and for tests. */
export function createMemoryQueueStore(): QueueStore {
  const records = new Map<string, QueueRecord>();
  let leaseHolder: { tab: string; until: number } | undefined;
  return {
    kind: 'memory',
    async add(added, limits) {
      for (const r of added) records.set(r.key, { ...r });
      const { dropped } = shed([...records.values()], limits);
      for (const r of dropped) records.delete(r.key);
      return { dropped, size: records.size };
    },
    async claim(by, now, leaseMs, maxCount, maxBytes) {
      const out: QueueRecord[] = [];
      let bytes = batchBytes([]);
      for (const key of [...records.keys()].sort()) {
        const r = records.get(key)!;
        if (!free(r, now)) continue;
        if (out.length >= maxCount || (out.length && bytes + r.bytes > maxBytes)) break;
        r.claim = { by, until: now + leaseMs };
        out.push({ ...r });
        bytes += r.bytes;
      }
      return { records: out, size: records.size };
    },
    async remove(keys) {
      for (const key of keys) records.delete(key);
      return records.size;
    },
    async discard(keys) {
      for (const key of keys) records.delete(key);
    },
    async release(by, keys) {
      for (const r of keys.map((k) => records.get(k))) if (r?.claim?.by === by) delete r.claim;
    },
    size: async () => records.size,
    async clear() {
      records.clear();
    },
    async lease(tab, now, ms) {
      if (leaseHolder && leaseHolder.until > now && leaseHolder.tab !== tab) return false;
      leaseHolder = ms > 0 ? { tab, until: now + ms } : undefined;
      return ms > 0;
    },
  };
}

const TOTALS = '~totals';
const LEASE = '~lease';
const PREFIX = 'e:';
/** Every queued event's key, and nothing else ('e;' is the first string after every 'e:…'). */
const eventKeys = () => IDBKeyRange.bound(PREFIX, 'e;', false, true);

interface Totals {
  count: number;
  bytes: number;
}

/**
 * The queue in its own IndexedDB database (`<dbName>-outbox`), shared by every tab of the store.
 * Each call is one transaction, so two tabs never claim the same event.
 */
function createIdbQueueStore(dbName: string): QueueStore {
  const db = openIdbStore(dbName, 'queue');

  /** Runs `body` in one transaction and resolves with its result once the transaction committed. */
  const tx = async <T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => Promise<T>): Promise<T> => {
    const run = () =>
      db.use(mode, async (store) => {
        const done = promisifyRequest(store.transaction);
        const result = await body(store);
        if (mode === 'readwrite') store.transaction.commit?.();
        await done;
        return result;
      });
    try {
      return await run();
    } catch (error) {
      // The connection may have been closed under us (a version change, another tab's forget): reopen once.
      if ((error as { name?: string } | null)?.name !== 'InvalidStateError') throw error;
      db.reopen();
      return run();
    }
  };
  const count = (store: IDBObjectStore) => promisifyRequest(store.count(eventKeys()));

  return {
    kind: 'indexeddb',
    add: (added, limits) =>
      tx('readwrite', async (store) => {
        for (const r of added) store.put(r, PREFIX + r.key);
        const known = (await promisifyRequest(store.get(TOTALS))) as Totals | undefined;
        const totals = known ?? { count: Infinity, bytes: Infinity };
        totals.count += added.length;
        totals.bytes += added.reduce((sum, r) => sum + r.bytes, 0);
        let dropped: QueueRecord[] = [];
        if (totals.count > limits.maxCount || totals.bytes > limits.maxBytes) {
          // Over a limit, or the totals are unknown (new, or discarded): count exactly, and shed if need be.
          const all = (await promisifyRequest(store.getAll(eventKeys()))) as QueueRecord[];
          const result = shed(all, limits);
          dropped = result.dropped;
          for (const r of dropped) store.delete(PREFIX + r.key);
          totals.count = result.kept.length;
          totals.bytes = result.kept.reduce((sum, r) => sum + r.bytes, 0);
        }
        store.put(totals, TOTALS);
        return { dropped, size: totals.count };
      }),
    claim: (by, now, leaseMs, maxCount, maxBytes) =>
      tx('readwrite', async (store) => {
        const records: QueueRecord[] = [];
        let bytes = batchBytes([]);
        await new Promise<void>((resolve, reject) => {
          const request = store.openCursor(eventKeys());
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const cursor = request.result;
            if (!cursor || records.length >= maxCount) return resolve();
            const r = cursor.value as QueueRecord;
            if (free(r, now)) {
              if (records.length && bytes + r.bytes > maxBytes) return resolve();
              r.claim = { by, until: now + leaseMs };
              cursor.update(r);
              records.push(r);
              bytes += r.bytes;
            }
            cursor.continue();
          };
        });
        return { records, size: await count(store) };
      }),
    remove: (keys) =>
      tx('readwrite', async (store) => {
        const totals = (await promisifyRequest(store.get(TOTALS))) as Totals | undefined;
        const found = await Promise.all(keys.map((k) => promisifyRequest(store.get(PREFIX + k)) as Promise<QueueRecord | undefined>));
        for (const r of found) {
          if (!r) continue; // another tab removed it already
          store.delete(PREFIX + r.key);
          if (totals) {
            totals.count--;
            totals.bytes -= r.bytes;
          }
        }
        if (!totals) return count(store);
        totals.count = Math.max(0, totals.count);
        totals.bytes = totals.count ? Math.max(0, totals.bytes) : 0;
        store.put(totals, TOTALS);
        return totals.count;
      }),
    discard: (keys) =>
      tx('readwrite', async (store) => {
        for (const k of keys) store.delete(PREFIX + k);
        store.delete(TOTALS); // recounted by the next add
      }),
    release: (by, keys) =>
      tx('readwrite', async (store) => {
        const found = await Promise.all(keys.map((k) => promisifyRequest(store.get(PREFIX + k)) as Promise<QueueRecord | undefined>));
        for (const r of found) {
          if (r?.claim?.by !== by) continue;
          delete r.claim;
          store.put(r, PREFIX + r.key);
        }
      }),
    size: () => tx('readonly', count),
    clear: () => db.erase(),
    lease: (tab, now, ms) =>
      tx('readwrite', async (store) => {
        const holder = (await promisifyRequest(store.get(LEASE))) as { tab: string; until: number } | undefined;
        if (holder && holder.until > now && holder.tab !== tab) return false;
        if (ms > 0) store.put({ tab, until: now + ms }, LEASE);
        else store.delete(LEASE);
        return ms > 0;
      }),
  };
}

/** Options of {@link openQueueStore}. */
export interface QueueStoreOptions {
  /** The queue lives in the IndexedDB database `<dbName>-outbox`. @default 'shopscene' */
  dbName?: string;
  /** @default 3000 */
  openTimeoutMs?: number;
}

/**
 * Opens the shared queue in IndexedDB; where IndexedDB is missing, throws or is blocked, resolves
 * with `null` and the reason (the outbox then queues in memory).
 */
export async function openQueueStore(options: QueueStoreOptions = {}): Promise<{ store: QueueStore } | { store: null; reason: string }> {
  const { dbName = 'shopscene', openTimeoutMs = 3000 } = options;
  try {
    if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('indexedDB is not defined');
    const store = createIdbQueueStore(`${dbName}-outbox`);
    await withTimeout(store.size(), openTimeoutMs);
    return { store };
  } catch (error) {
    return { store: null, reason: describeError(error) };
  }
}
