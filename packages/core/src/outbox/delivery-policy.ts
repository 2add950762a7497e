import type { ShopEvent } from '../events/event-schema.ts';
import { toJson } from '../util/to-json.ts';

/** What to do after a delivery attempt answered `status` (0: a network error or timeout). */
export type DeliveryVerdict = 'done' | 'retry' | 'split' | 'drop';

/** 2xx is done; 408, 425, 429, 5xx and network errors are retried; 413 splits the batch; other 4xx are dropped (and reported). */
export function classifyStatus(status: number): DeliveryVerdict {
  if (status >= 200 && status < 300) return 'done';
  if (status === 413) return 'split';
  if (status === 0 || status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'drop';
}

/** Options of {@link retryDelayMs}. */
export interface BackoffOptions {
  /** @default 500 */
  baseMs?: number;
  /** @default 60_000 */
  maxMs?: number;
  /** ± this share of the delay, so tabs and devices do not retry in step. @default 0.1 */
  jitter?: number;
  /** A server's Retry-After is honoured up to this. @default 300_000 (5 minutes) */
  retryAfterCapMs?: number;
  /** @default Math.random */
  random?: () => number;
}

/**
 * How long to wait before attempt `attempt + 1`: exponential from `baseMs`, capped at `maxMs`, with
 * jitter; never sooner than the server's Retry-After (itself capped at 5 minutes).
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, options: BackoffOptions = {}): number {
  const { baseMs = 500, maxMs = 60_000, jitter = 0.1, retryAfterCapMs = 300_000, random = Math.random } = options;
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  const jittered = exponential * (1 + jitter * (2 * random() - 1));
  return Math.round(Math.max(jittered, Math.min(retryAfterMs ?? 0, retryAfterCapMs)));
}

/** What makes a batch: at most `count` events, and a body of at most `bytes`. */
export interface BatchLimits {
  count: number;
  bytes: number;
}

/**
 * Whether the sender takes a batch now: a full one (by count, or by the bytes queued since the queue
 * was last empty) at once; a part one only when `due` — the batch interval passed, a flush, back
 * online, or leftovers of a batch just sent. When due it looks even if its count says nothing waits:
 * the count may be stale (another tab wrote, with no BroadcastChannel to say so).
 */
export function batchGoesNow(waiting: number, bytes: number, due: boolean, limits: BatchLimits): boolean {
  return due || waiting >= limits.count || bytes >= limits.bytes;
}

/** Bytes of a batch as sent (`{"events":[…],"sent_at":…}`), in UTF-8. */
export function batchBytes(events: readonly ShopEvent[]): number {
  return new TextEncoder().encode(toJson({ events, sent_at: 0 })).length + 13;
}

/**
 * Splits events into chunks whose request bodies stay within `maxBytes` (beacons and keepalive
 * fetches refuse more than 64 KB in flight). An event larger than that on its own gets a chunk of its own.
 */
export function chunkByBytes(events: readonly ShopEvent[], maxBytes = 64 * 1024): ShopEvent[][] {
  const chunks: ShopEvent[][] = [];
  let current: ShopEvent[] = [];
  let size = batchBytes([]);
  for (const event of events) {
    const bytes = new TextEncoder().encode(toJson(event)).length + 1;
    if (current.length && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = batchBytes([]);
    }
    current.push(event);
    size += bytes;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** How much an event matters when the queue must shed: impressions go first; carts and orders never. */
export function eventPriority(name: ShopEvent['name']): 0 | 1 | 2 {
  if (name === 'view_item_list' || name === 'view_promotion') return 0;
  if (name === 'add_to_cart' || name === 'remove_from_cart' || name === 'begin_checkout' || name === 'purchase' || name === 'refund') return 2;
  return 1;
}

/**
 * Keeps a queue within `maxCount` events and `maxBytes`: drops the lowest priority first, oldest
 * first within a priority, and never an event of priority 2 (carts and orders), even over the cap.
 */
export function evict<T extends { event: ShopEvent; bytes: number }>(queue: readonly T[], maxCount: number, maxBytes: number): { kept: T[]; dropped: T[] } {
  let count = queue.length;
  let bytes = queue.reduce((sum, entry) => sum + entry.bytes, 0);
  if (count <= maxCount && bytes <= maxBytes) return { kept: [...queue], dropped: [] };
  const order = queue
    .map((entry, index) => ({ entry, index, priority: eventPriority(entry.event.name) }))
    .filter((x) => x.priority < 2)
    .sort((a, b) => a.priority - b.priority || a.entry.event.time - b.entry.event.time || a.index - b.index);
  const drop = new Set<number>();
  for (const x of order) {
    if (count <= maxCount && bytes <= maxBytes) break;
    drop.add(x.index);
    count--;
    bytes -= x.entry.bytes;
  }
  return { kept: queue.filter((_, i) => !drop.has(i)), dropped: queue.filter((_, i) => drop.has(i)) };
}

/** What becomes of a claimed batch (see {@link sortClaimed}). */
export interface SortedClaim<T extends { key: string }> {
  /** Keys a beacon took (tombstones name them): done, to delete. */
  gone: string[];
  /** What to send now. */
  send: T[];
  /** Keys to give back to the queue, for whoever sends next. */
  release: string[];
}

/**
 * Sorts a claimed batch: what a page's beacon took (`tombstones`) is done; what a beacon here is taking
 * (`byBeacon`) goes back, and so does all of it when this page is going (`keepNone`); the rest is sent.
 */
export function sortClaimed<T extends { key: string }>(records: readonly T[], tombstones: ReadonlySet<string>, byBeacon: (key: string) => boolean, keepNone: boolean): SortedClaim<T> {
  const out: SortedClaim<T> = { gone: [], send: [], release: [] };
  for (const r of records) {
    if (tombstones.has(r.key)) out.gone.push(r.key);
    else if (keepNone || byBeacon(r.key)) out.release.push(r.key);
    else out.send.push(r);
  }
  return out;
}
