import { describe, expect, it } from 'vitest';
import type { ShopEvent } from '../events/event-schema.ts';
import { createCoalescedWrites } from './coalesced-writes.ts';
import type { QueueRecord } from './queue-store.ts';

const record = (key: string): QueueRecord => ({ key, bytes: 1, event: { name: 'page_view', event_id: key, time: 1, anonymous_id: 'a', session_id: 's' } as ShopEvent });

describe('createCoalescedWrites', () => {
  it('writes a burst in few transactions: what comes while one is under way goes in the next', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const writes = createCoalescedWrites(
      (records) => {
        batches.push(records.map((r) => r.key));
        return batches.length === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
      () => {},
    );
    const first = writes.write([record('a')]);
    await Promise.resolve(); // the first write starts
    const rest = ['b', 'c', 'd'].map((key) => writes.write([record(key)]));
    expect(writes.unwritten).toBe(4);
    let firstDone = false;
    void first.then(() => (firstDone = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(firstDone).toBe(false); // resolves only once written
    release();
    await Promise.all([first, ...rest, writes.settled()]);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    expect(writes.unwritten).toBe(0);
  });

  it('hands a failed write to its caller and resolves all the same; nothing to write resolves at once', async () => {
    const failures: unknown[] = [];
    const writes = createCoalescedWrites(() => Promise.reject(new Error('quota')), (error) => failures.push(error));
    await writes.write([record('a'), record('b')]);
    expect(failures).toHaveLength(1);
    expect(writes.unwritten).toBe(0);
    await writes.write([]);
    expect(failures).toHaveLength(1);
  });
});
