import type { DeliveryReceipt } from '../adapters/types.ts';
import type { ShopEvent } from '../events/event-schema.ts';
import * as messages from '../messages.ts';
import * as outboxMessages from './outbox-messages.ts';
import { describeError } from '../messages.ts';
import { randomId } from '../util/ids.ts';
import { warnOnce } from '../util/warn.ts';
import { deleteDatabase } from '../util/delete-database.ts';
import { batchGoesNow, chunkByBytes, classifyStatus, retryDelayMs, type BackoffOptions } from './delivery-policy.ts';
import { createSenderElection } from './sender-election.ts';
import { createMemoryQueueStore, openQueueStore, type QueueLimits, type QueueRecord, type QueueStore } from './queue-store.ts';
import { toJson } from '../util/to-json.ts';

/** Whether events may be stored and sent (the tracker's consent). */
type Consent = 'pending' | 'granted' | 'denied';

/** Events the outbox gave up on, reported through `onFailure` (and counted in `dropped`). */
export interface DeliveryFailure {
  /**
   * `rejected`: the backend refused them with a status retrying cannot change (a 4xx);
   * `too-large`: one event larger than the backend accepts (413 on its own);
   * `evicted`: shed from a full queue (impressions first; carts and orders never).
   */
  reason: 'rejected' | 'too-large' | 'evicted';
  /** The HTTP status, for `rejected` and `too-large`. */
  status?: number;
  message: string;
  events: ShopEvent[];
}

/** Options of {@link createOutbox}. */
export interface OutboxOptions {
  /** Delivers a batch (the adapter's `sendEvents`); rejects with `{ status, retryAfterMs }` when it failed. */
  send(batch: ShopEvent[], options: { beacon: boolean }): Promise<void | DeliveryReceipt>;
  /**
   * Keep what went by beacon at unload in the queue, and send it once more from the next page, until a
   * delivery is confirmed (a beacon's fate is never known: the browser only says it took it). Safe only
   * with a backend that keeps each event once (`event_id`). @default what the backend said last (its
   * receipt's `dedupes`, remembered in localStorage), else false: a tombstone marks what a beacon took
   */
  resendBeacons?: boolean;
  /** A queue to use, or `'memory'`; by default IndexedDB (`<dbName>-outbox`) with a memory fallback. */
  storage?: QueueStore | 'memory';
  /** @default 'shopscene' */
  dbName?: string;
  /** @default 'granted' */
  consent?: Consent;
  /** Most events in one request. @default 100 */
  batchSize?: number;
  /** Largest request body outside unload (beacons and keepalive take at most 64 KB). @default 256 KB */
  maxBatchBytes?: number;
  /** How long a few events wait for more before they go. @default 1000 */
  flushIntervalMs?: number;
  /** The queue's cap. @default 5000 events, 5 MB */
  limits?: Partial<QueueLimits>;
  backoff?: BackoffOptions;
  /** How long a batch in flight is reserved for the tab sending it. @default 10 000 */
  leaseMs?: number;
  /** Most events held in memory while consent is pending (the oldest go first). @default 500 */
  consentBuffer?: number;
  /** Told about every event given up on. */
  onFailure?: (failure: DeliveryFailure) => void;
  /** The clock; tests pass their own. @default Date.now */
  now?: () => number;
  /**
   * True while the page is going away, as its owner saw first (listeners of pagehide run in the order
   * they were added, and promises run between them): nothing new is claimed or sent meanwhile, so no
   * transaction is left open in a page frozen in the back/forward cache.
   */
  leaving?: () => boolean;
}

/** What the outbox is doing, for `diagnostics()`. */
export interface OutboxStatus {
  storage: 'indexeddb' | 'memory';
  /** Events waiting (all tabs', as last seen). */
  queued: number;
  /** Events this page delivered (requests answered 2xx, and beacons the browser accepted). */
  delivered: number;
  /** Events given up on (see {@link DeliveryFailure}). */
  dropped: number;
  lastDelivery: { at: number; events: number } | null;
  lastError: string | null;
  /** `starting` until the outbox has opened its queue and counted what earlier pages left in it. */
  state: 'starting' | 'idle' | 'waiting' | 'sending' | 'retrying' | 'offline' | 'consent-pending';
  /** Whether this tab is the one sending (one tab sends at a time). */
  sender: boolean;
  nextAttemptAt: number | null;
  /** The last requests this page made (beacons aside), oldest first: when, what came back, and when it means to retry. */
  attempts: DeliveryAttempt[];
}

/** One request of the outbox, on its own clock (`now`): the record that backoff and Retry-After are checked against. */
export interface DeliveryAttempt {
  /** When it was sent. */
  at: number;
  /** When the answer (or the failure) came. */
  answeredAt: number;
  events: number;
  /** The HTTP status; 0 for a network error or timeout. */
  status: number;
  /** When a retry was scheduled for, if one was. */
  retryAt?: number;
}

/** The outbox: every tracked event, persisted, batched, delivered, retried; see {@link createOutbox}. */
export interface Outbox {
  /** Queues an event; resolves once it is written to IndexedDB (or, without consent yet, held in memory). */
  add(event: ShopEvent): Promise<void>;
  setConsent(consent: Consent): Promise<void>;
  /** Writes what is pending and sends now (batch timer aside; backoff and offline still hold). */
  flush(): Promise<void>;
  /** Erases the queue, in every tab. */
  clear(): Promise<void>;
  status(): OutboxStatus;
  /** Stops timers and listeners (tests; a page normally keeps its outbox). */
  close(): void;
}

/** Beacons and keepalive fetches may carry at most 64 KB in flight. */
const BEACON_BYTES = 64 * 1024;
/** Requests remembered for `status().attempts`. */
const ATTEMPTS_KEPT = 40;
/** Own events remembered for the unload path, beyond which those already written are forgotten. */
const MINE_MAX = 2000;

/** An event tracked here: waiting, in a batch in flight, going by beacon, or gone by beacon (kept so no batch takes it again). */
type Mine = { record: QueueRecord; state: 'pending' | 'claimed' | 'beaconing' | 'beaconed'; saved: boolean };
type Message = { t: 'added'; size: number; bytes: number } | { t: 'claimed' | 'released' | 'done'; keys: string[]; size?: number } | { t: 'cleared' };

const encoder = new TextEncoder();

/**
 * Creates the outbox. Each event is written to an IndexedDB queue shared by the store's tabs before
 * `add()` resolves. One tab at a time (elected with Web Locks, else a lease in the queue) claims
 * batches in one transaction and sends them; 2xx deletes them, 408/425/429/5xx/network errors are
 * retried with backoff and jitter (Retry-After honoured, capped), 413 halves the batch, other 4xx
 * are dropped and reported. Offline, nothing is sent and no attempt is used up. When the page is
 * hidden or goes away, the events this tab tracked that are not in flight go by beacon in chunks of
 * at most 64 KB; refused chunks stay queued for the next page.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const now = options.now ?? Date.now;
  const dbName = options.dbName ?? 'shopscene';
  const batchSize = options.batchSize ?? 100;
  const maxBatchBytes = options.maxBatchBytes ?? 256 * 1024;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const limits: QueueLimits = { maxCount: options.limits?.maxCount ?? 5000, maxBytes: options.limits?.maxBytes ?? 5_000_000 };
  const leaseMs = options.leaseMs ?? 10_000;
  const bufferMax = options.consentBuffer ?? 500;
  const tab = randomId().slice(0, 8);
  const win = typeof window !== 'undefined' ? window : undefined;
  const doc = typeof document !== 'undefined' ? document : undefined;

  let consent: Consent = options.consent ?? 'granted';
  /** The queue shared by tabs (IndexedDB); null when unavailable. */
  let shared: QueueStore | null = null;
  /** This page's own queue: everything, without IndexedDB; else what could not be written there. */
  const local: QueueStore = createMemoryQueueStore();
  let connected: Promise<void> | undefined;
  /** Whether the queue is open and counted (until then, `queued` knows nothing of earlier pages). */
  let counted = false;
  let channel: BroadcastChannel | undefined;
  let closed = false;

  const counts = { shared: 0, local: 0, delivered: 0, dropped: 0 };
  let lastDelivery: OutboxStatus['lastDelivery'] = null;
  let lastError: string | null = null;
  const attempts: DeliveryAttempt[] = [];
  let state: OutboxStatus['state'] = consent === 'granted' ? 'idle' : 'consent-pending';
  /** Between pagehide and pageshow: the page is going (or frozen in the back/forward cache); nothing new is sent. */
  let leaving = false;
  let attempt = 0;
  let notBefore = 0;
  let limit = batchSize;
  let counter = 0;
  /** Events tracked here and not yet known delivered, for the unload path (it cannot wait for IndexedDB). */
  const mine = new Map<string, Mine>();
  /** Keys of `mine` already written to the queue, oldest first: the ones to forget when it is over its bound. */
  const savedOrder = new Set<string>();
  /** Keys of events a beacon took, in localStorage: written synchronously, so a leaving page's word outlives it. */
  const tombstoneKey = `${dbName}.outbox.beaconed`;
  const readTombstones = (): string[] => {
    try {
      const keys: unknown = JSON.parse(localStorage.getItem(tombstoneKey) ?? '[]');
      return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [];
    }
  };
  const writeTombstones = (keys: string[]) => {
    try {
      if (keys.length) localStorage.setItem(tombstoneKey, toJson(keys.slice(-MINE_MAX)));
      else localStorage.removeItem(tombstoneKey);
    } catch {}
  };
  /** Held in memory while consent is pending. */
  let buffer: QueueRecord[] = [];
  /** Whether the backend keeps each event once: then what a beacon took stays queued until a request confirms it. */
  const dedupesKey = `${dbName}.outbox.dedupes`;
  let resendBeacons = options.resendBeacons ?? (() => {
    try {
      return localStorage.getItem(dedupesKey) === '1';
    } catch {
      return false;
    }
  })();
  /** Takes in what the backend said of itself (a receipt), and remembers it for the next pages. */
  const heard = (receipt: void | DeliveryReceipt) => {
    if (options.resendBeacons !== undefined || !receipt || typeof receipt.dedupes !== 'boolean' || receipt.dedupes === resendBeacons) return;
    resendBeacons = receipt.dedupes;
    try {
      localStorage.setItem(dedupesKey, resendBeacons ? '1' : '0');
    } catch {}
  };

  const byBeacon = (key: string) => {
    const state = mine.get(key)?.state;
    return state === 'beaconing' || state === 'beaconed';
  };
  const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;
  const post = (message: Message) => {
    try {
      channel?.postMessage(message);
    } catch {}
  };
  const setMine = (keys: string[], next: Mine['state'] | 'gone') => {
    for (const key of keys) {
      const m = mine.get(key);
      if (!m) continue;
      if (next === 'gone') {
        mine.delete(key);
        savedOrder.delete(key);
      } else m.state = next;
    }
  };
  const report = (records: QueueRecord[], failure: Omit<DeliveryFailure, 'events'>) => {
    counts.dropped += records.length;
    setMine(
      records.map((r) => r.key),
      'gone',
    );
    warnOnce(outboxMessages.eventsDropped(records.length, failure.reason, failure.message));
    try {
      options.onFailure?.({ ...failure, events: records.map((r) => r.event) });
    } catch (error) {
      warnOnce(messages.callbackFailed('onDeliveryFailure', describeError(error)));
    }
  };
  const evicted = (dropped: QueueRecord[]) => {
    if (dropped.length) report(dropped, { reason: 'evicted', message: `the queue was over ${limits.maxCount} events or ${limits.maxBytes} bytes` });
  };

  // ── sending ──────────────────────────────────────────────────────────────────────────────────
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  const wakeIn = (ms: number) => {
    const at = now() + ms;
    if (timer !== undefined && timerAt <= at) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      void pump(true);
    }, ms);
  };
  const cancelWake = () => {
    clearTimeout(timer);
    timer = undefined;
    timerAt = Infinity;
  };
  const waiting = () => counts.local + (isSender() ? counts.shared : 0);
  /** How many writes of events this page made: a sender that found the queue empty knows whether one came meanwhile. */
  let adds = 0;
  /** Bytes queued since the queue was last found empty (a batch is full by count or by bytes). */
  let addedBytes = 0;
  /** After events were queued: a full batch goes now, a few wait for more. */
  const nudge = () => {
    if (batchGoesNow(waiting(), addedBytes, false, { count: limit, bytes: maxBatchBytes })) void pump(false);
    else wakeIn(flushIntervalMs);
  };

  let pumping = false;
  let again = false;
  /** Whether part batches may go too (the interval passed, a flush, back online, leftovers); until the queue empties. */
  let due = false;
  /** Sends until the queue is empty (or only a part batch is left and nothing is due), or offline, or backing off. One request in flight at a time. */
  const pump = async (all = true): Promise<void> => {
    if (all) due = true;
    if (pumping) return void (again = true);
    pumping = true;
    try {
      do {
        again = false;
        await drain();
      } while (again && !closed);
    } catch (error) {
      lastError = describeError(error);
      warnOnce(outboxMessages.deliveryStalled(lastError));
      state = 'retrying';
      notBefore = now() + retryDelayMs(attempt++, undefined, options.backoff);
      wakeIn(notBefore - now());
    } finally {
      pumping = false;
    }
  };

  const drain = async () => {
    while (!closed && !leaving && !options.leaving?.() && consent === 'granted') {
      if (offline()) return void (state = 'offline');
      if (notBefore > now()) {
        state = 'retrying';
        return wakeIn(notBefore - now());
      }
      const source = counts.local > 0 ? local : isSender() ? shared : null;
      if (!source) {
        due = false;
        return void (state = counts.shared ? 'waiting' : 'idle');
      }
      if (!batchGoesNow(waiting(), addedBytes, due, { count: limit, bytes: maxBatchBytes })) {
        // Nothing here (a pump asked for meanwhile found the queue emptied): idle; the next event nudges.
        if (!waiting()) return void (state = 'idle');
        state = 'waiting';
        return wakeIn(flushIntervalMs);
      }
      const addsBefore = adds;
      const claimed = await source.claim(tab, now(), leaseMs, limit, maxBatchBytes);
      counts[source === local ? 'local' : 'shared'] = claimed.size;
      // A page's beacon took some as it went (its delete may not have made it): those are done. Others a
      // beacon here is taking, or all of them if this page is going, go back for whoever sends next.
      const tombstones = new Set(readTombstones());
      const gone = claimed.records.filter((r) => tombstones.has(r.key)).map((r) => r.key);
      if (gone.length) {
        await source.remove(gone);
        writeTombstones(readTombstones().filter((k) => !gone.includes(k)));
      }
      const records = closed || leaving ? [] : claimed.records.filter((r) => !byBeacon(r.key) && !tombstones.has(r.key));
      if (records.length + gone.length < claimed.records.length) {
        await source.release(tab, claimed.records.filter((r) => !records.includes(r) && !gone.includes(r.key)).map((r) => r.key));
        if (closed || leaving) return;
      }
      const size = claimed.size;
      if (!records.length) {
        if (source === local) continue; // claimed by nothing else: local counts were stale
        limit = batchSize;
        due = false;
        addedBytes = 0;
        state = size ? 'waiting' : 'idle';
        // What is queued is in another page's hands; its claim lapses after leaseMs if that page died.
        if (size) wakeIn(leaseMs);
        // Nothing left: a wake-up set for a part batch would only cut the next one short (unless an
        // event arrived meanwhile: its wake-up stays).
        else if (adds === addsBefore) cancelWake();
        return;
      }
      const keys = records.map((r) => r.key);
      setMine(keys, 'claimed');
      if (source === shared) post({ t: 'claimed', keys });
      state = 'sending';
      let status = 200;
      let retryAfterMs: number | undefined;
      let message = '';
      const sentAt = now();
      try {
        heard(
          await options.send(
            records.map((r) => r.event),
            { beacon: false },
          ),
        );
      } catch (error) {
        const e = error as { status?: unknown; retryAfterMs?: unknown };
        status = typeof e?.status === 'number' ? e.status : 0;
        retryAfterMs = typeof e?.retryAfterMs === 'number' ? e.retryAfterMs : undefined;
        message = describeError(error);
      }
      const answer: DeliveryAttempt = { at: sentAt, answeredAt: now(), events: records.length, status };
      attempts.push(answer);
      if (attempts.length > ATTEMPTS_KEPT) attempts.shift();
      if (closed) return; // the page went away meanwhile: its claim lapses, and another page sends
      let verdict = classifyStatus(status);
      if (verdict === 'split' && records.length === 1) verdict = 'drop';
      if (verdict === 'done' || verdict === 'drop') {
        counts[source === local ? 'local' : 'shared'] = await source.remove(keys);
        setMine(keys, 'gone');
        if (source === shared) post({ t: 'done', keys, size: counts.shared });
        if (verdict === 'done') {
          counts.delivered += records.length;
          lastDelivery = { at: now(), events: records.length };
          attempt = 0;
        } else {
          report(records, { reason: status === 413 ? 'too-large' : 'rejected', status, message });
        }
        // Nothing left (and nothing added meanwhile): stop here rather than open another transaction to find that out.
        if (!counts.local && !counts.shared && adds === addsBefore) {
          due = false;
          addedBytes = 0;
          limit = batchSize;
          cancelWake();
          return void (state = 'idle');
        }
        continue;
      }
      await source.release(tab, keys);
      setMine(keys, 'pending');
      if (source === shared) post({ t: 'released', keys });
      if (verdict === 'split') {
        limit = Math.max(1, Math.floor(records.length / 2));
        continue;
      }
      lastError = message;
      // A request that failed because the device is offline is no attempt: it resumes on 'online'.
      if (status === 0 && offline()) return void (state = 'offline');
      // The wait counts from the answer (the clock may have moved on while the claim was released).
      notBefore = answer.answeredAt + retryDelayMs(attempt++, retryAfterMs, options.backoff);
      answer.retryAt = notBefore;
    }
    if (consent !== 'granted') state = 'consent-pending';
  };

  // ── one sender ───────────────────────────────────────────────────────────────────────────────
  /** Without BroadcastChannel, other tabs cannot say they queued events: the sender looks now and then. */
  let poll: ReturnType<typeof setInterval> | undefined;
  const election = createSenderElection({
    lockName: `${dbName}.outbox.sender`,
    lease: (ms) => shared!.lease(tab, now(), ms),
    leaseMs,
    onElected() {
      if (typeof BroadcastChannel !== 'function' && poll === undefined) poll = setInterval(() => void pump(true), 5000);
      // A batch the previous sender had in flight is taken again only once its claim lapses: the page
      // may have gone with the request already on the wire, and the wait spares the backend a duplicate.
      void pump();
    },
  });
  /** Whether this tab sends what is shared: elected, or the only one (a queue of its own, without IndexedDB). */
  let ownQueue = false;
  const isSender = () => ownQueue || election.sender;
  const elect = () => {
    if (!closed && shared) election.stand();
  };
  const resign = () => {
    clearInterval(poll);
    poll = undefined;
    election.resign();
  };

  const openChannel = () => {
    if (typeof BroadcastChannel !== 'function') return;
    channel = new BroadcastChannel(`${dbName}.outbox`);
    channel.onmessage = ({ data }: MessageEvent<Message>) => {
      if (data.t === 'added') {
        counts.shared = data.size;
        addedBytes += data.bytes;
        adds++;
        if (isSender()) nudge();
      } else if (data.t === 'cleared') {
        mine.clear();
        savedOrder.clear();
        counts.shared = 0;
      } else {
        setMine(data.keys, data.t === 'claimed' ? 'claimed' : data.t === 'released' ? 'pending' : 'gone');
        if (data.size !== undefined) counts.shared = data.size;
      }
    };
  };

  // ── writing ──────────────────────────────────────────────────────────────────────────────────
  const connect = () =>
    (connected ??= (async () => {
      if (options.storage && options.storage !== 'memory') shared = options.storage;
      else if (options.storage !== 'memory') {
        const opened = await openQueueStore({ dbName });
        if (opened.store) shared = opened.store;
        else warnOnce(outboxMessages.outboxInMemory(opened.reason));
      }
      if (shared) openChannel();
      // Tombstones of beacons whose pages went before their delete did: those events are done.
      const tombstones = shared ? readTombstones() : [];
      if (tombstones.length) {
        await shared!.remove(tombstones).catch(() => 0);
        writeTombstones(readTombstones().filter((k) => !tombstones.includes(k)));
      }
      counts.shared = (await shared?.size().catch(() => 0)) ?? 0;
      counted = true;
      if (shared) elect();
      else ownQueue = true;
    })());

  const persist = async (all: QueueRecord[]) => {
    await connect();
    if (consent !== 'granted') return;
    // Events a beacon took meanwhile (the page is going) are not written; if it is refused, they are. With a
    // backend that keeps each event once, they are written all the same: the next page sends them again.
    const records = resendBeacons ? all : all.filter((r) => !byBeacon(r.key));
    if (!records.length) return;
    const bytes = records.reduce((sum, r) => sum + r.bytes, 0);
    addedBytes += bytes;
    adds++;
    try {
      if (!shared) throw new Error('no IndexedDB');
      const { dropped, size } = await shared.add(records, limits);
      counts.shared = size;
      evicted(dropped);
      post({ t: 'added', size, bytes });
    } catch (error) {
      if (shared) warnOnce(outboxMessages.outboxWriteFailed(describeError(error)));
      const { dropped, size } = await local.add(records, limits);
      counts.local = size;
      evicted(dropped);
    }
    for (const r of records) {
      const m = mine.get(r.key);
      if (!m) continue;
      m.saved = true;
      savedOrder.add(r.key);
    }
    nudge();
  };

  let toWrite: { record: QueueRecord; done: () => void }[] = [];
  /** Events given to write() and not written yet: waiting all the same. */
  let unwritten = 0;
  let writing = false;
  let lastWrite: Promise<void> = Promise.resolve();
  /** Writes in coalesced transactions: what is added while one is under way goes in the next. */
  const write = (records: QueueRecord[]): Promise<void> => {
    if (!records.length) return Promise.resolve();
    unwritten += records.length;
    return (lastWrite = new Promise<void>((resolve) => {
      let left = records.length;
      for (const record of records) toWrite.push({ record, done: () => --left || resolve() });
      if (writing) return;
      writing = true;
      queueMicrotask(async () => {
        while (toWrite.length) {
          const batch = toWrite;
          toWrite = [];
          await persist(batch.map((b) => b.record)).catch((error) => warnOnce(outboxMessages.outboxWriteFailed(describeError(error))));
          unwritten -= batch.length;
          for (const b of batch) b.done();
        }
        writing = false;
      });
    }));
  };

  // ── the page going away ──────────────────────────────────────────────────────────────────────
  /**
   * Sends by beacon what this page tracked and nothing has in flight; what the browser refuses stays
   * queued. While another tab is the sender, only what is not in the shared queue yet: the rest is
   * safe there, and that tab may be claiming it this very moment (a beacon would send it twice).
   */
  const sendBeforeLeaving = () => {
    if (closed || consent !== 'granted' || offline()) return;
    const ours = (m: Mine) => m.state === 'pending' && (isSender() || !m.saved || !shared);
    const leaving = [...mine.values()].filter(ours).sort((a, b) => (a.record.key < b.record.key ? -1 : 1));
    if (!leaving.length) return;
    for (const m of leaving) m.state = 'beaconing';
    const byId = new Map(leaving.map((m) => [m.record.event.event_id, m]));
    for (const chunk of chunkByBytes(
      leaving.map((m) => m.record.event),
      BEACON_BYTES,
    )) {
      const entries = chunk.map((e) => byId.get(e.event_id)!);
      const keys = entries.map((m) => m.record.key);
      let sent: Promise<void | DeliveryReceipt>;
      try {
        sent = options.send(chunk, { beacon: true });
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.then(
        () => {
          setMine(keys, 'beaconed');
          counts.delivered += keys.length;
          lastDelivery = { at: now(), events: keys.length };
          void local.discard(keys);
          // A backend that keeps each event once: the beaconed events stay queued (written now if they were
          // not yet), and the next page sends them again — a beacon the backend never got (it was down, the
          // network dropped it) is not lost. This page sends them no more.
          if (resendBeacons) return void write(entries.filter((m) => !m.saved).map((m) => m.record));
          // Else a tombstone first (synchronous, so it survives the page), then the delete, which a closing
          // page may not finish: whichever page sends next skips and removes what the tombstones name.
          if (shared) {
            writeTombstones([...readTombstones(), ...keys]);
            void shared.discard(keys).then(() => writeTombstones(readTombstones().filter((k) => !keys.includes(k))), () => {});
          }
          post({ t: 'done', keys });
        },
        () => {
          setMine(keys, 'pending');
          void write(entries.filter((m) => !m.saved).map((m) => m.record));
        },
      );
    }
  };
  const listeners: [EventTarget, string, () => void][] = [];
  const listen = (target: EventTarget | undefined, type: string, fn: () => void) => {
    if (!target) return;
    // Capture: ours run before the page's own (and a flush it asks for on pagehide finds us leaving).
    target.addEventListener(type, fn, true);
    listeners.push([target, type, fn]);
  };
  listen(win, 'pagehide', () => {
    sendBeforeLeaving();
    leaving = true;
    resign(); // another tab takes over sending (and a page kept in the back/forward cache holds no lock)
    // Nor a channel: a message would evict it from the cache. (Its tombstones speak for its beacons.)
    channel?.close();
    channel = undefined;
  });
  listen(win, 'pageshow', () => {
    if (!leaving) return;
    leaving = false;
    if (consent !== 'granted' || !connected || !shared) return;
    openChannel();
    void shared.size().then((size) => (counts.shared = size), () => {});
    elect();
  });
  listen(doc, 'visibilitychange', () => {
    if (doc?.visibilityState === 'hidden') sendBeforeLeaving();
  });
  listen(win, 'online', () => void pump());

  // Anything left by earlier pages goes as soon as we are connected.
  if (consent === 'granted') void connect().then(() => pump(), () => {});

  const outbox: Outbox = {
    add(event) {
      if (consent === 'denied' || closed) return Promise.resolve();
      const record: QueueRecord = {
        key: `${event.time.toString(36).padStart(9, '0')}.${tab}.${(counter++).toString(36).padStart(6, '0')}`,
        event,
        bytes: encoder.encode(toJson(event)).length + 1,
      };
      mine.set(record.key, { record, state: 'pending', saved: false });
      // Forget the oldest of those already written (the queue has them); never one not yet written.
      for (const key of savedOrder) {
        if (mine.size <= MINE_MAX) break;
        savedOrder.delete(key);
        mine.delete(key);
      }
      if (consent === 'pending') {
        buffer.push(record);
        if (buffer.length > bufferMax) buffer.splice(0, buffer.length - bufferMax);
        return Promise.resolve();
      }
      return write([record]);
    },
    async setConsent(next) {
      const before = consent;
      consent = next;
      if (next === 'denied') {
        buffer = [];
        await outbox.clear();
      } else if (next === 'granted' && before !== 'granted') {
        state = 'idle';
        await connect();
        elect();
        await write(buffer.splice(0));
        void pump();
      } else if (next === 'pending') state = 'consent-pending';
    },
    async flush() {
      await lastWrite;
      if (doc?.visibilityState !== 'hidden') await pump();
    },
    async clear() {
      mine.clear();
      savedOrder.clear();
      buffer = [];
      await local.clear();
      counts.local = 0;
      post({ t: 'cleared' });
      writeTombstones([]);
      // Not connected (no consent yet on this page): the queue earlier pages left is erased all the same.
      await (shared ? shared.clear().catch(() => {}) : options.storage ? undefined : deleteDatabase(`${dbName}-outbox`));
      counts.shared = 0;
    },
    status: () => ({
      storage: shared ? 'indexeddb' : 'memory',
      queued: counts.shared + counts.local + buffer.length + unwritten,
      delivered: counts.delivered,
      dropped: counts.dropped,
      lastDelivery,
      lastError,
      state: consent === 'granted' && !counted ? 'starting' : state,
      sender: isSender(),
      nextAttemptAt: notBefore > now() ? notBefore : null,
      attempts: attempts.slice(),
    }),
    close() {
      closed = true;
      clearTimeout(timer);
      resign();
      channel?.close();
      for (const [target, type, fn] of listeners) target.removeEventListener(type, fn, true);
    },
  };
  return outbox;
}
