import type { DeliveryReceipt } from '../adapters/types.ts';
import type { ShopEvent } from '../events/event-schema.ts';
import * as messages from '../messages.ts';
import * as outboxMessages from './outbox-messages.ts';
import { describeError } from '../messages.ts';
import { randomId } from '../util/ids.ts';
import { warnOnce } from '../util/warn.ts';
import { deleteDatabase } from '../util/delete-database.ts';
import { toJson } from '../util/to-json.ts';
import { sendByBeacon } from './beacon-chunks.ts';
import { createBeaconMemory } from './beacon-memory.ts';
import { createCoalescedWrites } from './coalesced-writes.ts';
import { createConsentBuffer } from './consent-buffer.ts';
import { batchGoesNow, classifyStatus, retryDelayMs, sortClaimed, type BackoffOptions } from './delivery-policy.ts';
import { createOutboxChannel } from './outbox-channel.ts';
import { createOwnEvents, type OwnEvent } from './own-events.ts';
import { createSenderElection } from './sender-election.ts';
import { createMemoryQueueStore, openQueueStore, type QueueLimits, type QueueRecord, type QueueStore } from './queue-store.ts';

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

/** Requests remembered for `status().attempts`. */
const ATTEMPTS_KEPT = 40;

const encoder = new TextEncoder();

/** One request: its status (200 when delivered; 0 for a network error or timeout), and the backend's receipt or Retry-After. */
async function request(send: OutboxOptions['send'], records: QueueRecord[]) {
  try {
    const receipt = await send(
      records.map((r) => r.event),
      { beacon: false },
    );
    return { status: 200, receipt, message: '' };
  } catch (error) {
    const e = error as { status?: unknown; retryAfterMs?: unknown };
    return {
      status: typeof e?.status === 'number' ? e.status : 0,
      retryAfterMs: typeof e?.retryAfterMs === 'number' ? e.retryAfterMs : undefined,
      message: describeError(error),
    };
  }
}

/**
 * Creates the outbox. Each event is written to an IndexedDB queue shared by the store's tabs before
 * `add()` resolves. One tab at a time (elected with Web Locks, else a lease in the queue) claims
 * batches in one transaction and sends them; 2xx deletes them, 408/425/429/5xx/network errors are
 * retried with backoff and jitter (Retry-After honoured, capped), 413 halves the batch, other 4xx
 * are dropped and reported. Offline, nothing is sent and no attempt is used up. When the page is
 * hidden or goes away, the events this tab tracked that are not in flight go by beacon in chunks of
 * at most 64 KB; refused chunks stay queued for the next page.
 *
 * Its parts: `sender-election.ts` (who sends), `delivery-policy.ts` (when a batch goes, what a status
 * means, how long to wait), `queue-store.ts` (the queue), `coalesced-writes.ts` (writing to it),
 * `own-events.ts`, `beacon-chunks.ts` and `beacon-memory.ts` (the unload path), `consent-buffer.ts`,
 * and `outbox-channel.ts` (what the tabs tell each other). What is here composes them: the send loop.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const now = options.now ?? Date.now;
  const dbName = options.dbName ?? 'shopscene';
  const batchSize = options.batchSize ?? 100;
  const maxBatchBytes = options.maxBatchBytes ?? 256 * 1024;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const limits: QueueLimits = { maxCount: options.limits?.maxCount ?? 5000, maxBytes: options.limits?.maxBytes ?? 5_000_000 };
  const leaseMs = options.leaseMs ?? 10_000;
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
  let closed = false;
  /** Events tracked here and not yet known delivered, for the unload path (it cannot wait for IndexedDB). */
  const own = createOwnEvents();
  const memory = createBeaconMemory(dbName, options.resendBeacons);
  const buffer = createConsentBuffer(options.consentBuffer ?? 500);

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

  const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;
  const report = (records: QueueRecord[], failure: Omit<DeliveryFailure, 'events'>) => {
    counts.dropped += records.length;
    own.set(
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
  /** The queue found empty (or all of it in other hands): the next batch starts afresh. */
  const settle = (next: OutboxStatus['state']) => {
    limit = batchSize;
    due = false;
    addedBytes = 0;
    state = next;
  };
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

  /** Claims a batch from `source` and sorts it (see sortClaimed): what beacons took is removed, what may not go now released. */
  const claim = async (source: QueueStore) => {
    const claimed = await source.claim(tab, now(), leaseMs, limit, maxBatchBytes);
    counts[source === local ? 'local' : 'shared'] = claimed.size;
    const tombstones = new Set(memory.tombstones());
    const sort = () => sortClaimed(claimed.records, tombstones, own.byBeacon, closed || leaving);
    let sorted = sort();
    if (sorted.gone.length) {
      await source.remove(sorted.gone);
      memory.unbury(sorted.gone);
      sorted = sort(); // (the page may have begun to go meanwhile)
    }
    if (sorted.release.length) await source.release(tab, sorted.release);
    return { records: sorted.send, size: claimed.size };
  };

  /** Takes in a request's answer: delivered or dropped (removed), or released for a retry, a smaller batch, or when back online. Returns whether to go on. */
  const answered = async (source: QueueStore, records: QueueRecord[], answer: DeliveryAttempt, message: string, retryAfterMs: number | undefined, addsBefore: number) => {
    const keys = records.map((r) => r.key);
    const { status } = answer;
    let verdict = classifyStatus(status);
    if (verdict === 'split' && records.length === 1) verdict = 'drop';
    if (verdict === 'done' || verdict === 'drop') {
      counts[source === local ? 'local' : 'shared'] = await source.remove(keys);
      own.set(keys, 'gone');
      if (source === shared) channel.post({ t: 'done', keys, size: counts.shared });
      if (verdict === 'done') {
        counts.delivered += records.length;
        lastDelivery = { at: now(), events: records.length };
        attempt = 0;
      } else {
        report(records, { reason: status === 413 ? 'too-large' : 'rejected', status, message });
      }
      // Nothing left (and nothing added meanwhile): stop here rather than open another transaction to find that out.
      if (!counts.local && !counts.shared && adds === addsBefore) {
        cancelWake();
        settle('idle');
        return false;
      }
      return true;
    }
    await source.release(tab, keys);
    own.set(keys, 'pending');
    if (source === shared) channel.post({ t: 'released', keys });
    if (verdict === 'split') {
      limit = Math.max(1, Math.floor(records.length / 2));
      return true;
    }
    lastError = message;
    // A request that failed because the device is offline is no attempt: it resumes on 'online'.
    if (status === 0 && offline()) {
      state = 'offline';
      return false;
    }
    // The wait counts from the answer (the clock may have moved on while the claim was released).
    notBefore = answer.answeredAt + retryDelayMs(attempt++, retryAfterMs, options.backoff);
    answer.retryAt = notBefore;
    return true;
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
      const { records, size } = await claim(source);
      if (closed || leaving) return;
      if (!records.length) {
        if (source === local) continue; // claimed by nothing else: local counts were stale
        settle(size ? 'waiting' : 'idle');
        // What is queued is in another page's hands; its claim lapses after leaseMs if that page died.
        if (size) wakeIn(leaseMs);
        // Nothing left: a wake-up set for a part batch would only cut the next one short (unless an
        // event arrived meanwhile: its wake-up stays).
        else if (adds === addsBefore) cancelWake();
        return;
      }
      const keys = records.map((r) => r.key);
      own.set(keys, 'claimed');
      if (source === shared) channel.post({ t: 'claimed', keys });
      state = 'sending';
      const sentAt = now();
      const { status, receipt, retryAfterMs, message } = await request(options.send, records);
      memory.heard(receipt);
      const answer: DeliveryAttempt = { at: sentAt, answeredAt: now(), events: records.length, status };
      attempts.push(answer);
      if (attempts.length > ATTEMPTS_KEPT) attempts.shift();
      if (closed) return; // the page went away meanwhile: its claim lapses, and another page sends
      if (!(await answered(source, records, answer, message, retryAfterMs, addsBefore))) return;
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

  const channel = createOutboxChannel(`${dbName}.outbox`, (data) => {
    if (data.t === 'added') {
      counts.shared = data.size;
      addedBytes += data.bytes;
      adds++;
      if (isSender()) nudge();
    } else if (data.t === 'cleared') {
      own.clear();
      counts.shared = 0;
    } else {
      own.set(data.keys, data.t === 'claimed' ? 'claimed' : data.t === 'released' ? 'pending' : 'gone');
      if (data.size !== undefined) counts.shared = data.size;
    }
  });

  // ── writing ──────────────────────────────────────────────────────────────────────────────────
  const connect = () =>
    (connected ??= (async () => {
      if (options.storage && options.storage !== 'memory') shared = options.storage;
      else if (options.storage !== 'memory') {
        const opened = await openQueueStore({ dbName });
        if (opened.store) shared = opened.store;
        else warnOnce(outboxMessages.outboxInMemory(opened.reason));
      }
      if (shared) channel.open();
      // Tombstones of beacons whose pages went before their delete did: those events are done.
      const tombstones = shared ? memory.tombstones() : [];
      if (tombstones.length) {
        await shared!.remove(tombstones).catch(() => 0);
        memory.unbury(tombstones);
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
    const records = memory.resend ? all : all.filter((r) => !own.byBeacon(r.key));
    if (!records.length) return;
    const bytes = records.reduce((sum, r) => sum + r.bytes, 0);
    addedBytes += bytes;
    adds++;
    try {
      if (!shared) throw new Error('no IndexedDB');
      const { dropped, size } = await shared.add(records, limits);
      counts.shared = size;
      evicted(dropped);
      channel.post({ t: 'added', size, bytes });
    } catch (error) {
      if (shared) warnOnce(outboxMessages.outboxWriteFailed(describeError(error)));
      const { dropped, size } = await local.add(records, limits);
      counts.local = size;
      evicted(dropped);
    }
    own.saved(records);
    nudge();
  };
  const writes = createCoalescedWrites(persist, (error) => warnOnce(outboxMessages.outboxWriteFailed(describeError(error))));

  // ── the page going away ──────────────────────────────────────────────────────────────────────
  /** A chunk the browser took by beacon: delivered, as far as this page can know. */
  const beaconed = (entries: OwnEvent[]) => {
    const keys = entries.map((e) => e.record.key);
    own.set(keys, 'beaconed');
    counts.delivered += keys.length;
    lastDelivery = { at: now(), events: keys.length };
    void local.discard(keys);
    // A backend that keeps each event once: the beaconed events stay queued (written now if they were
    // not yet), and the next page sends them again — a beacon the backend never got (it was down, the
    // network dropped it) is not lost. This page sends them no more.
    if (memory.resend) return void writes.write(entries.filter((e) => !e.saved).map((e) => e.record));
    // Else a tombstone first (synchronous, so it survives the page), then the delete, which a closing
    // page may not finish: whichever page sends next skips and removes what the tombstones name.
    if (shared) {
      memory.bury(keys);
      void shared.discard(keys).then(() => memory.unbury(keys), () => {});
    }
    channel.post({ t: 'done', keys });
  };
  /**
   * Sends by beacon what this page tracked and nothing has in flight; what the browser refuses stays
   * queued. While another tab is the sender, only what is not in the shared queue yet: the rest is
   * safe there, and that tab may be claiming it this very moment (a beacon would send it twice).
   */
  const sendBeforeLeaving = () => {
    if (closed || consent !== 'granted' || offline()) return;
    sendByBeacon(own.leaving(isSender() || !shared), options.send, {
      sent: beaconed,
      refused(entries) {
        own.set(
          entries.map((e) => e.record.key),
          'pending',
        );
        void writes.write(entries.filter((e) => !e.saved).map((e) => e.record));
      },
    });
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
    channel.close();
  });
  listen(win, 'pageshow', () => {
    if (!leaving) return;
    leaving = false;
    if (consent !== 'granted' || !connected || !shared) return;
    channel.open();
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
      own.add(record);
      if (consent === 'pending') {
        buffer.hold(record);
        return Promise.resolve();
      }
      return writes.write([record]);
    },
    async setConsent(next) {
      const before = consent;
      consent = next;
      if (next === 'denied') {
        buffer.take();
        await outbox.clear();
      } else if (next === 'granted' && before !== 'granted') {
        state = 'idle';
        await connect();
        elect();
        await writes.write(buffer.take());
        void pump();
      } else if (next === 'pending') state = 'consent-pending';
    },
    async flush() {
      await writes.settled();
      if (doc?.visibilityState !== 'hidden') await pump();
    },
    async clear() {
      own.clear();
      buffer.take();
      await local.clear();
      counts.local = 0;
      channel.post({ t: 'cleared' });
      memory.unbury();
      // Not connected (no consent yet on this page): the queue earlier pages left is erased all the same.
      await (shared ? shared.clear().catch(() => {}) : options.storage ? undefined : deleteDatabase(`${dbName}-outbox`));
      counts.shared = 0;
    },
    status: () => ({
      storage: shared ? 'indexeddb' : 'memory',
      queued: counts.shared + counts.local + buffer.size + writes.unwritten,
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
      channel.close();
      for (const [target, type, fn] of listeners) target.removeEventListener(type, fn, true);
    },
  };
  return outbox;
}
