import { describe, expect, it } from 'vitest';
import { createProfile } from '../profile/create-profile.ts';
import { reduceProfile } from '../profile/reduce-profile.ts';
import type { Profile } from '../profile/profile-types.ts';
import { DAY, event } from '../test-support/fixtures.ts';
import { rfmSegment, rfmThresholds, rfmValues } from './rfm.ts';

const NOW = Date.UTC(2026, 10, 1);

function buyer(orders: { id: string; daysAgo: number; value: number }[]): Profile {
  return orders.reduce((p, o) => {
    const t = NOW - o.daysAgo * DAY;
    return reduceProfile(p, event({ name: 'purchase', transaction_id: o.id, value: o.value, currency: 'USD', items: [{ item_id: 'x' }] }, t), t);
  }, createProfile());
}

describe('rfmValues', () => {
  it('counts each order once even when its purchase arrives twice', () => {
    let p = buyer([{ id: 'T1', daysAgo: 3, value: 50 }]);
    p = reduceProfile(p, event({ name: 'purchase', transaction_id: 'T1', value: 50, items: [{ item_id: 'x' }] }, NOW), NOW);
    expect(rfmValues(p, NOW)).toEqual({ recencyDays: 3, frequency: 1, monetary: 50 });
  });

  it('takes refunds off monetary value: by amount, by items, or the whole order', () => {
    let p = buyer([
      { id: 'A', daysAgo: 10, value: 100 },
      { id: 'B', daysAgo: 5, value: 80 },
      { id: 'C', daysAgo: 1, value: 40 },
    ]);
    p = reduceProfile(p, event({ name: 'refund', transaction_id: 'A', value: 30 }, NOW), NOW);
    p = reduceProfile(p, event({ name: 'refund', transaction_id: 'B', items: [{ item_id: 'x', price: 20, quantity: 2 }] }, NOW), NOW);
    p = reduceProfile(p, event({ name: 'refund', transaction_id: 'C' }, NOW), NOW);
    // C was refunded whole: it is no order at all, so the last order is B, five days ago.
    expect(rfmValues(p, NOW)).toEqual({ recencyDays: 5, frequency: 2, monetary: 70 + 40 });
    // A refund can never take more than was paid.
    p = reduceProfile(p, event({ name: 'refund', transaction_id: 'A', value: 500 }, NOW), NOW);
    expect(rfmValues(p, NOW).frequency).toBe(1);
  });

  it('counts only orders within the window for frequency and monetary', () => {
    const p = buyer([
      { id: 'old', daysAgo: 400, value: 1000 },
      { id: 'new', daysAgo: 20, value: 10 },
    ]);
    expect(rfmValues(p, NOW)).toEqual({ recencyDays: 20, frequency: 1, monetary: 10 });
    expect(rfmValues(p, NOW, 500)).toEqual({ recencyDays: 20, frequency: 2, monetary: 1010 });
  });
});

describe('rfmSegment', () => {
  it('scores 1 to 5 at the default cut-points', () => {
    const p = buyer([
      { id: '1', daysAgo: 7, value: 500 },
      { id: '2', daysAgo: 40, value: 400 },
      { id: '3', daysAgo: 60, value: 200 },
    ]);
    // 7 days → R 5; 3 orders → F 3 (≥ 2 and ≥ 3); 1100 → M 4 (≥ 100, 300, 800).
    expect(rfmSegment(p, {}, NOW).scores).toEqual({ r: 5, f: 3, m: 4 });
  });

  it.each([
    [[{ id: '1', daysAgo: 1, value: 900 }, { id: '2', daysAgo: 2, value: 900 }, { id: '3', daysAgo: 3, value: 900 }], 'important-value'],
    [[{ id: '1', daysAgo: 1, value: 2500 }], 'important-development'],
    [[{ id: '1', daysAgo: 200, value: 900 }, { id: '2', daysAgo: 210, value: 900 }, { id: '3', daysAgo: 220, value: 900 }], 'important-retention'],
    [[{ id: '1', daysAgo: 300, value: 2500 }], 'important-recall'],
    [[{ id: '1', daysAgo: 1, value: 10 }, { id: '2', daysAgo: 2, value: 10 }, { id: '3', daysAgo: 3, value: 10 }], 'general-value'],
    [[{ id: '1', daysAgo: 1, value: 10 }], 'general-development'],
    [[{ id: '1', daysAgo: 200, value: 10 }, { id: '2', daysAgo: 210, value: 10 }, { id: '3', daysAgo: 220, value: 10 }], 'general-retention'],
    [[{ id: '1', daysAgo: 300, value: 10 }], 'general-recall'],
  ])('names the classic segment %#: %s', (orders, segment) => {
    expect(rfmSegment(buyer(orders), {}, NOW).segment).toBe(segment);
  });

  it('says none for a shopper without orders', () => {
    expect(rfmSegment(createProfile(), {}, NOW)).toMatchObject({ segment: 'none', recencyDays: null, scores: { r: 0, f: 0, m: 0 } });
  });

  it('uses cut-points a merchant passes, and its own segment rules first', () => {
    const p = buyer([{ id: '1', daysAgo: 1, value: 50 }]);
    expect(rfmSegment(p, { thresholds: { monetary: [10, 20, 30, 40] } }, NOW).scores.m).toBe(5);
    const vip = { name: 'vip', r: [4, 5] as [number, number], m: [5, 5] as [number, number] };
    expect(rfmSegment(p, { thresholds: { monetary: [10, 20, 30, 40] }, segments: [vip] }, NOW).segment).toBe('vip');
    expect(rfmSegment(p, { segments: [vip] }, NOW).segment).toBe('general-development');
  });
});

describe('rfmThresholds', () => {
  it('cuts a population into fifths', () => {
    const customers = Array.from({ length: 100 }, (_, i) => ({ recencyDays: i, frequency: i % 10, monetary: i * 10 }));
    expect(rfmThresholds(customers)).toEqual({ recency: [20, 40, 60, 80], frequency: [2, 4, 6, 8], monetary: [200, 400, 600, 800] });
  });
});
