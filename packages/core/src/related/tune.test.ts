import { describe, expect, it } from 'vitest';
import { syntheticLog } from '../../../../scripts/synthetic-log.mjs';
import { sessionsOf, splitByTime } from './sessions.ts';
import { DEFAULT_BLEND, MIN_PREDICTIONS, tune } from './tune.ts';

describe('tune', () => {
  it('builds the search’s related lists from the latest learning sessions within maxLearnRecords, and says so', () => {
    const records = [...syntheticLog({ sessions: 400, seed: 2 })];
    const lines: string[] = [];
    const result = tune(records, { maxLearnRecords: 300, maxTrials: 2, progress: (line) => lines.push(line) });
    const { train } = splitByTime(sessionsOf(records), 0.2);
    expect(result.learnSessions).toBeGreaterThan(0);
    expect(result.learnSessions).toBeLessThan(train.length);
    // The latest sessions, as many as fit in 300 records: one more would not.
    const used = train.slice(-result.learnSessions).flat().length;
    expect(used).toBeLessThanOrEqual(300);
    expect(used + train[train.length - result.learnSessions - 1]!.length).toBeGreaterThan(300);
    expect(lines.join('\n')).toContain(`the related lists from the latest ${result.learnSessions} of ${train.length} sessions to learn from`);
    expect(result.trials).toBe(2);
  });

  it('uses every learning session when they are within maxLearnRecords', () => {
    const records = [...syntheticLog({ sessions: 200, seed: 4 })];
    const result = tune(records, { maxTrials: 1 });
    expect(result.learnSessions).toBe(splitByTime(sessionsOf(records), 0.2).train.length);
  });

  it('searches how much a common neighbour is held back: where the next click is often a bestseller, plain sums fit better', () => {
    // Few fixed follow-ups and many clicks on a topic's bestsellers: dividing by √(count) pushes those down.
    const records = [...syntheticLog({ sessions: 5000, revisit: 0.15, follow: 0.15, topics: 20, seed: 1 })];
    const lines: string[] = [];
    // The builder's part of the search: the defaults, four windows, three backward shares, three dampings
    // (bounded by trials, not time: the same search however busy the machine).
    const result = tune(records, { maxTrials: 11, timeBudgetMs: 600_000, progress: (line) => lines.push(line) });
    expect(result.blend.relatedLists.damping).toBeLessThan(DEFAULT_BLEND.relatedLists.damping);
    expect(result.after.ndcg).toBeGreaterThan(result.before.ndcg);
    expect(lines.join('\n')).toMatch(/relatedLists\.damping 0(\.25)?: NDCG@10/);
  }, 60_000);

  it('fits nothing on too few predictions: the start blend, unsearched, with how many there were', () => {
    // 60 sessions: the latest 12, to fit on, hold fewer than 100 predictions (visits of a few items).
    const records = [...syntheticLog({ sessions: 60, seed: 6 })];
    const lines: string[] = [];
    const small = tune(records, { progress: (line) => lines.push(line) });
    expect(small.tooFew!.predictions).toBeGreaterThan(0);
    expect(small.tooFew).toEqual({ predictions: small.after.predictions, needed: MIN_PREDICTIONS });
    expect(small.trials).toBe(0);
    expect(small.blend).toBe(DEFAULT_BLEND);
    expect(small.after).toEqual(small.before);
    expect(lines.join('\n')).toContain(`too few to fit on: ${small.tooFew!.predictions} predictions, 100 needed`);
    // The same log searched when the bound allows it.
    const searched = tune(records, { minPredictions: small.tooFew!.predictions, maxTrials: 3 });
    expect(searched.tooFew).toBeUndefined();
    expect(searched.trials).toBe(3);
  });
});
