import { describe, expect, it } from 'vitest';
import type { ShopEvent } from '../events/event-schema.ts';
import { createConsentBuffer } from './consent-buffer.ts';
import type { QueueRecord } from './queue-store.ts';

const record = (key: string): QueueRecord => ({ key, bytes: 1, event: { name: 'page_view', event_id: key, time: 1, anonymous_id: 'a', session_id: 's' } as ShopEvent });

describe('createConsentBuffer', () => {
  it('holds at most its limit, the newest, and hands them over once', () => {
    const buffer = createConsentBuffer(3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) buffer.hold(record(key));
    expect(buffer.size).toBe(3);
    expect(buffer.take().map((r) => r.key)).toEqual(['c', 'd', 'e']);
    expect(buffer.size).toBe(0);
    expect(buffer.take()).toEqual([]);
    buffer.hold(record('f'));
    expect(buffer.take().map((r) => r.key)).toEqual(['f']);
  });
});
