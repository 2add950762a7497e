import type { QueueRecord } from './queue-store.ts';

/** Where one of this page's events is: waiting, in a batch in flight, going by beacon, or gone by beacon (kept so no batch takes it again). */
export type OwnState = 'pending' | 'claimed' | 'beaconing' | 'beaconed';

/** One event this page tracked; `saved` once it is written to the queue. */
export interface OwnEvent {
  record: QueueRecord;
  state: OwnState;
  saved: boolean;
}

/** The events this page tracked and does not know delivered (see {@link createOwnEvents}). */
export interface OwnEvents {
  /** Takes in a new event (pending, not saved); past the bound, forgets the oldest of those saved. */
  add(record: QueueRecord): void;
  /** Moves events to a state, or forgets them (`gone`: delivered or dropped). Keys not known are passed over. */
  set(keys: string[], next: OwnState | 'gone'): void;
  /** Marks events written to the queue. */
  saved(records: QueueRecord[]): void;
  /** Whether a beacon is taking, or took, this event. */
  byBeacon(key: string): boolean;
  /** What a leaving page sends by beacon, oldest first: those pending, and of them those saved only if `saved`. */
  leaving(saved: boolean): OwnEvent[];
  clear(): void;
}

/**
 * This page's own events, for the unload path (a leaving page cannot wait for IndexedDB). Bounded by
 * `max`: past it, the oldest already written to the queue are forgotten (the queue has them), never one
 * not yet written.
 */
export function createOwnEvents(max = 2000): OwnEvents {
  const all = new Map<string, OwnEvent>();
  /** Keys already written, oldest first: the ones to forget when over the bound. */
  const savedOrder = new Set<string>();
  return {
    add(record) {
      all.set(record.key, { record, state: 'pending', saved: false });
      for (const key of savedOrder) {
        if (all.size <= max) break;
        savedOrder.delete(key);
        all.delete(key);
      }
    },
    set(keys, next) {
      for (const key of keys) {
        const own = all.get(key);
        if (!own) continue;
        if (next === 'gone') {
          all.delete(key);
          savedOrder.delete(key);
        } else own.state = next;
      }
    },
    saved(records) {
      for (const { key } of records) {
        const own = all.get(key);
        if (!own) continue;
        own.saved = true;
        savedOrder.add(key);
      }
    },
    byBeacon(key) {
      const state = all.get(key)?.state;
      return state === 'beaconing' || state === 'beaconed';
    },
    leaving: (saved) => [...all.values()].filter((e) => e.state === 'pending' && (saved || !e.saved)).sort((a, b) => (a.record.key < b.record.key ? -1 : 1)),
    clear() {
      all.clear();
      savedOrder.clear();
    },
  };
}
