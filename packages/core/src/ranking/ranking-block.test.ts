import { afterEach, describe, expect, it, vi } from 'vitest';
import { readRankingBlock } from './ranking-block.ts';

afterEach(() => vi.restoreAllMocks());

describe('readRankingBlock', () => {
  it('keeps known settings with numbers in range, names the rest in one warning, and leaves the tools their keys', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const block = readRankingBlock(
      {
        weights: { reminder: 1.5, related: -1, bogus: 2, popularity: '0.3', affinity: Infinity, recency: 0 },
        intent: { window: 3.4, decay: 2, latestShare: 0, halfLifeDays: 0, reminderDecay: 1, constructor: 1 },
        relatedLists: { window: 3 },
        fitted: { at: '2026-12-06' },
      },
      'catalog /c.json',
    );
    expect(block).toEqual({ weights: { reminder: 1.5, recency: 0 }, intent: { window: 3, latestShare: 0, reminderDecay: 1 } });
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      'shopscene: catalog /c.json: ranking.weights.related, ranking.weights.bogus, ranking.weights.popularity, ranking.weights.affinity, ranking.intent.decay, ranking.intent.halfLifeDays, ranking.intent.constructor ignored (a ranking setting is a known name with a number in range, see shopscene tune); the defaults stand for them',
    ]);
  });

  it('is nothing when there is no block, and an empty one when the block is not an object', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readRankingBlock(undefined, 'x')).toBeUndefined();
    expect(readRankingBlock(null, 'x')).toBeUndefined();
    expect(readRankingBlock([1], 'y')).toEqual({});
    expect(readRankingBlock({ weights: 3 }, 'z')).toEqual({});
    expect(warn.mock.calls.map((c) => String(c[0]).split(' ignored')[0])).toEqual(['shopscene: y: ranking', 'shopscene: z: ranking.weights']);
  });
});
