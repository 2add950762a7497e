import { describe, expect, it } from 'vitest';
import type { ShopEvent } from '../events/event-schema.ts';
import { batchBytes } from './delivery-policy.ts';
import { sendByBeacon } from './beacon-chunks.ts';
import { createOwnEvents, type OwnEvent } from './own-events.ts';

const own = (n: number, pad: number): OwnEvent[] => {
  const events = createOwnEvents();
  for (let i = 0; i < n; i++) {
    const event = { name: 'page_view', event_id: `e${i}`, time: i, anonymous_id: 'a', session_id: 's', reason: 'x'.repeat(pad) } as ShopEvent;
    events.add({ key: `k${String(i).padStart(3, '0')}`, event, bytes: pad });
  }
  return events.leaving(true);
};
const settled = () => new Promise((r) => setTimeout(r, 0));

describe('sendByBeacon (R10)', () => {
  it('sends in order, in chunks within 64 KB, each marked beaconing before it goes', async () => {
    const entries = own(100, 2000); // about 200 KB
    const sent: ShopEvent[][] = [];
    const states: string[][] = [];
    sendByBeacon(
      entries,
      async (batch) => {
        states.push(entries.map((e) => e.state));
        sent.push(batch);
      },
      { sent: () => {}, refused: () => {} },
    );
    expect(sent.length).toBeGreaterThan(3);
    for (const chunk of sent) expect(batchBytes(chunk)).toBeLessThanOrEqual(64 * 1024);
    expect(sent.flat().map((e) => e.event_id)).toEqual(entries.map((e) => e.record.event.event_id));
    expect(states[0]!.every((s) => s === 'beaconing')).toBe(true);
  });

  it('tells of each chunk whether the browser took it; one refused, or a send that threw, is refused', async () => {
    const entries = own(60, 2000);
    let call = 0;
    const took: string[][] = [];
    const refused: string[][] = [];
    sendByBeacon(
      entries,
      (batch) => {
        call++;
        if (call === 1) throw new Error('no beacon here');
        return call === 2 ? Promise.reject(new Error('refused')) : Promise.resolve();
      },
      { sent: (chunk) => took.push(chunk.map((e) => e.record.key)), refused: (chunk) => refused.push(chunk.map((e) => e.record.key)) },
      20_000,
    );
    await settled();
    expect(call).toBeGreaterThan(3);
    expect(refused).toHaveLength(2);
    expect(took).toHaveLength(call - 2);
    expect([...refused, ...took].flat().sort()).toEqual(entries.map((e) => e.record.key));
  });
});
