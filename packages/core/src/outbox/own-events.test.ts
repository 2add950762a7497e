import { describe, expect, it } from 'vitest';
import type { ShopEvent } from '../events/event-schema.ts';
import { createOwnEvents } from './own-events.ts';
import type { QueueRecord } from './queue-store.ts';

const record = (key: string): QueueRecord => ({
  key,
  bytes: 10,
  event: { name: 'page_view', event_id: `e-${key}`, time: 1, anonymous_id: 'a', session_id: 's' } as ShopEvent,
});
const keys = (list: { record: QueueRecord }[]) => list.map((e) => e.record.key);

describe('createOwnEvents', () => {
  it('gives a leaving page what is pending, oldest first, and what is written only when asked', () => {
    const own = createOwnEvents();
    for (const key of ['c', 'a', 'b', 'd']) own.add(record(key));
    own.saved([record('b'), record('d')]);
    own.set(['c'], 'claimed'); // in a batch in flight: not for a beacon
    expect(keys(own.leaving(true))).toEqual(['a', 'b', 'd']);
    expect(keys(own.leaving(false))).toEqual(['a']);
    own.set(['c'], 'pending'); // released for a retry
    expect(keys(own.leaving(false))).toEqual(['a', 'c']);
  });

  it('knows what a beacon is taking or took, and forgets what is gone', () => {
    const own = createOwnEvents();
    own.add(record('a'));
    own.add(record('b'));
    own.set(['a'], 'beaconing');
    expect([own.byBeacon('a'), own.byBeacon('b')]).toEqual([true, false]);
    own.set(['a'], 'beaconed');
    expect(own.byBeacon('a')).toBe(true);
    own.set(['a', 'unknown'], 'gone');
    expect(own.byBeacon('a')).toBe(false);
    expect(keys(own.leaving(true))).toEqual(['b']);
    own.clear();
    expect(own.leaving(true)).toEqual([]);
  });

  it('past its bound forgets the oldest written ones, never one not yet written', () => {
    const own = createOwnEvents(3);
    for (const key of ['a', 'b', 'c']) own.add(record(key));
    own.add(record('d')); // nothing written yet: all four kept
    expect(keys(own.leaving(true))).toEqual(['a', 'b', 'c', 'd']);
    own.saved([record('c'), record('a')]);
    own.add(record('e')); // over by two: the written ones go, in the order they were written
    expect(keys(own.leaving(true))).toEqual(['b', 'd', 'e']);
  });
});
