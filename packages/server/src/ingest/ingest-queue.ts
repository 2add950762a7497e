import type { Db } from '../db/database.ts';
import type { StoredEvent } from './prepare-events.ts';

/** What storing a request's events did: how many were new, how many had been stored before. */
export interface Stored {
  accepted: number;
  duplicates: number;
}

interface Waiting {
  store: string;
  events: StoredEvent[];
  resolve: (stored: Stored) => void;
  reject: (error: unknown) => void;
}

/**
 * The statement every batch of events is stored with: one INSERT of a JSON array of rows
 * (`jsonb_to_recordset`), so a batch of any size is one statement and one round trip, on PGlite and
 * PostgreSQL alike. `ON CONFLICT DO NOTHING` on the key skips events stored before (a retried batch);
 * RETURNING names the new ones.
 */
export const INSERT_EVENTS = `
INSERT INTO events (store_id, event_id, client_time, time, received_at, name, anonymous_id, session_id, body)
SELECT r.store_id, r.event_id, r.client_time, r.time, r.received_at, r.name, r.anonymous_id, r.session_id, r.body
FROM jsonb_to_recordset($1::jsonb) AS r(store_id text, event_id text, client_time bigint, time bigint, received_at bigint, name text, anonymous_id text, session_id text, body jsonb)
ON CONFLICT (store_id, event_id, client_time) DO NOTHING
RETURNING store_id, event_id, client_time`;

/**
 * Stores events through one queue: the requests that arrive while a write is under way go together in
 * the next one (up to `maxRows` rows), so a burst costs a few statements, not one per request. Each
 * request's promise settles only once the statement holding its events has committed (or failed). On
 * PGlite, which has one connection, one write at a time; on PostgreSQL, a few.
 */
export function createIngestQueue(db: Db, options: { maxRows?: number; writers?: number; onWrite?: (rows: number, ms: number) => void } = {}) {
  const maxRows = options.maxRows ?? 2000;
  const writers = options.writers ?? (db.kind === 'pglite' ? 1 : 4);
  const waiting: Waiting[] = [];
  let active = 0;
  let idle: (() => void)[] = [];

  const write = async (batch: Waiting[]) => {
    // The first request to name an event gets it; the same event twice in one batch is one row.
    const first = new Map<string, number>();
    const rows: (StoredEvent & { store_id: string })[] = [];
    batch.forEach((w, i) => {
      for (const e of w.events) {
        const key = `${w.store}\u0000${e.event_id}\u0000${e.client_time}`;
        if (first.has(key)) continue;
        first.set(key, i);
        rows.push({ store_id: w.store, ...e });
      }
    });
    const started = Date.now();
    const { rows: inserted } = await db.query<{ store_id: string; event_id: string; client_time: number }>(INSERT_EVENTS, [JSON.stringify(rows)]);
    options.onWrite?.(rows.length, Date.now() - started);
    const accepted = new Array<number>(batch.length).fill(0);
    for (const r of inserted) accepted[first.get(`${r.store_id}\u0000${r.event_id}\u0000${r.client_time}`)!]!++;
    batch.forEach((w, i) => w.resolve({ accepted: accepted[i]!, duplicates: w.events.length - accepted[i]! }));
  };

  const pump = () => {
    while (active < writers && waiting.length) {
      const batch: Waiting[] = [];
      let size = 0;
      while (waiting.length && (!batch.length || size + waiting[0]!.events.length <= maxRows)) {
        const next = waiting.shift()!;
        size += next.events.length;
        batch.push(next);
      }
      active++;
      write(batch)
        .catch((error: unknown) => batch.forEach((w) => w.reject(error)))
        .finally(() => {
          active--;
          pump();
          if (!active && !waiting.length) for (const done of idle.splice(0)) done();
        });
    }
  };

  return {
    /** Stores `events` for `store`; resolves once they are committed. */
    add(store: string, events: StoredEvent[]): Promise<Stored> {
      if (!events.length) return Promise.resolve({ accepted: 0, duplicates: 0 });
      return new Promise((resolve, reject) => {
        waiting.push({ store, events, resolve, reject });
        pump();
      });
    },
    /** Resolves once every write asked for so far has finished (shutdown waits for this). */
    drain(): Promise<void> {
      return !active && !waiting.length ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
    },
    /** Requests waiting and writes under way. */
    load: () => ({ waiting: waiting.length, writing: active }),
  };
}

/** The ingest queue's shape. */
export type IngestQueue = ReturnType<typeof createIngestQueue>;
