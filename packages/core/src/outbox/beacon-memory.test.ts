import { afterEach, describe, expect, it } from 'vitest';
import { createBeaconMemory } from './beacon-memory.ts';

afterEach(() => localStorage.clear());

describe('createBeaconMemory', () => {
  it('keeps tombstones in localStorage, where the next page finds them, and forgets them by key or all at once', () => {
    const page = createBeaconMemory('s');
    page.bury(['k1', 'k2']);
    page.bury(['k3']);
    const next = createBeaconMemory('s'); // the next page, after this one went
    expect(next.tombstones()).toEqual(['k1', 'k2', 'k3']);
    next.unbury(['k2']);
    expect(page.tombstones()).toEqual(['k1', 'k3']);
    next.unbury();
    expect(localStorage.getItem('s.outbox.beaconed')).toBeNull();
    expect(createBeaconMemory('other').tombstones()).toEqual([]);
  });

  it('keeps the newest 2000 tombstones, and reads what it cannot use as none', () => {
    const memory = createBeaconMemory('s');
    memory.bury(Array.from({ length: 2100 }, (_, i) => `k${i}`));
    const kept = memory.tombstones();
    expect(kept).toHaveLength(2000);
    expect(kept[0]).toBe('k100');
    localStorage.setItem('s.outbox.beaconed', '{not json');
    expect(memory.tombstones()).toEqual([]);
    localStorage.setItem('s.outbox.beaconed', '["k1", 2, null, "k2"]');
    expect(memory.tombstones()).toEqual(['k1', 'k2']);
  });

  it('resends beacons when the backend said it keeps each event once, and the next page remembers it', () => {
    const memory = createBeaconMemory('s');
    expect(memory.resend).toBe(false);
    memory.heard(undefined); // a receipt that says nothing changes nothing
    memory.heard({});
    expect(memory.resend).toBe(false);
    memory.heard({ dedupes: true });
    expect(memory.resend).toBe(true);
    expect(createBeaconMemory('s').resend).toBe(true);
    memory.heard({ dedupes: false });
    expect(createBeaconMemory('s').resend).toBe(false);
  });

  it('takes the resendBeacons option over anything the backend says', () => {
    localStorage.setItem('s.outbox.dedupes', '1');
    const memory = createBeaconMemory('s', false);
    expect(memory.resend).toBe(false);
    memory.heard({ dedupes: true });
    expect(memory.resend).toBe(false);
    expect(createBeaconMemory('s', true).resend).toBe(true);
  });
});
