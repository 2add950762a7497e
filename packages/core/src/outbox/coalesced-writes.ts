import type { QueueRecord } from './queue-store.ts';

/** Writes to the queue, coalesced (see {@link createCoalescedWrites}). */
export interface CoalescedWrites {
  /** Resolves once these records are written (or the write failed: `persist` reports that). */
  write(records: QueueRecord[]): Promise<void>;
  /** Events given to write() and not written yet. */
  readonly unwritten: number;
  /** Resolves once the last write asked for is done. */
  settled(): Promise<void>;
}

/**
 * Writes in coalesced transactions: what is given while one is under way goes in the next, so a burst
 * of events costs a few transactions, not one each. `persist` writes one batch; a rejection is handed
 * to `failed` and the batch counts as done.
 */
export function createCoalescedWrites(persist: (records: QueueRecord[]) => Promise<void>, failed: (error: unknown) => void): CoalescedWrites {
  let waiting: { record: QueueRecord; done: () => void }[] = [];
  let unwritten = 0;
  let writing = false;
  let last: Promise<void> = Promise.resolve();
  const run = async () => {
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      await persist(batch.map((b) => b.record)).catch(failed);
      unwritten -= batch.length;
      for (const b of batch) b.done();
    }
    writing = false;
  };
  return {
    write(records) {
      if (!records.length) return Promise.resolve();
      unwritten += records.length;
      return (last = new Promise<void>((resolve) => {
        let left = records.length;
        for (const record of records) waiting.push({ record, done: () => --left || resolve() });
        if (writing) return;
        writing = true;
        queueMicrotask(run);
      }));
    },
    get unwritten() {
      return unwritten;
    },
    settled: () => last,
  };
}
