// Acceptance (#9): "guess you like" guesses better than a bestseller list, on logs that carry only
// session, item and time (generated here) and on UCI Online Retail (the `shopscene eval` command).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { createProfile, rank, reduceProfile, type Profile } from '@shopscene/core';
import { catalogOf, createRelatedBuilder, evaluate, sessionsOf, splitByTime, toEvent, type LogRecord, type MethodScores } from '@shopscene/core/related';
import { syntheticLog } from './support/synthetic-log.ts';

const CSV = process.env.SHOPSCENE_RETAIL_CSV ?? fileURLToPath(new URL('../../shared/data/retail/online-retail.csv.gz', import.meta.url));
const CLI = fileURLToPath(new URL('../packages/core/bin/shopscene.mjs', import.meta.url));

const byMethod = (rows: MethodScores[]) => Object.fromEntries(rows.map((r) => [r.method, r]));

describe('on a generated log with only session, item and time', () => {
  const records: LogRecord[] = [...syntheticLog({ sessions: 3000, seed: 7 })];

  test('rank() is never below global popularity, and with related lists at least as good as session-kNN', () => {
    const { rows, test: tested } = evaluate(records, { testShare: 0.1 });
    expect(tested).toBeGreaterThan(200);
    const by = byMethod(rows);
    const popularity = by['global popularity']!;
    for (const method of ['rank() without related lists', 'rank() with related lists']) {
      expect(by[method]!.hr, method).toBeGreaterThanOrEqual(popularity.hr);
      expect(by[method]!.ndcg, method).toBeGreaterThanOrEqual(popularity.ndcg);
    }
    const knn = by['session-kNN (V-SkNN)']!;
    expect(by['rank() with related lists']!.hr).toBeGreaterThanOrEqual(knn.hr);
    expect(by['rank() with related lists']!.ndcg).toBeGreaterThanOrEqual(knn.ndcg);
  });

  test('no reason claims a likeness that is not there: only related lists, reminders and popularity speak', () => {
    const { train, test: later } = splitByTime(sessionsOf(records), 0.1);
    const builder = createRelatedBuilder();
    for (const r of train.flat()) builder.add(r);
    const catalog = catalogOf(train, builder.finish());
    const byId = new Map(catalog.map((p) => [p.id, p]));
    const kinds = new Set<string>();
    let n = 0;
    for (const session of later.slice(0, 60)) {
      let profile: Profile = createProfile({ createdAt: session[0]!.time });
      for (const record of session) {
        const event = toEvent(record, n++);
        profile = reduceProfile(profile, event, event.time);
        const viewed = new Set([...profile.viewed, ...profile.carted].map((v) => v.id));
        for (const item of rank(catalog, profile, { now: event.time, limit: 20 })) {
          kinds.add(item.kind);
          expect(['related', 'reminder', 'popular', 'explore']).toContain(item.kind);
          if (item.kind === 'reminder') expect(viewed.has(item.product.id)).toBe(true);
          if (item.kind === 'related') {
            // "Shoppers who viewed X also viewed this": X was viewed, and X's list names this product.
            const source = [...viewed].find((id) => byId.get(id)?.title === item.because);
            expect(source, item.reason).toBeDefined();
            expect(byId.get(source!)!.related!.map(([id]) => id)).toContain(item.product.id);
          }
        }
      }
    }
    expect([...kinds].sort()).toEqual(['popular', 'related', 'reminder']);
  });
});

test.skipIf(!existsSync(CSV))(
  '`shopscene eval` on UCI Online Retail: rank() with related lists beats session-kNN and is far above both popularity baselines',
  async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'eval', CSV, '--max-test-sessions', '150'], { maxBuffer: 1 << 24 });
    const rows = new Map<string, number[]>();
    for (const line of stdout.split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      if (cells.length === 8 && /^\d/.test(cells[2]!)) rows.set(cells[1]!, cells.slice(2, 5).map(Number));
    }
    const [hr, , ndcg] = rows.get('rank() with related lists')!;
    const [knnHr, , knnNdcg] = rows.get('session-kNN (V-SkNN)')!;
    expect(hr).toBeGreaterThanOrEqual(knnHr!);
    expect(ndcg).toBeGreaterThanOrEqual(knnNdcg!);
    for (const baseline of ['global popularity', 'session items, then popularity']) {
      const [baseHr, , baseNdcg] = rows.get(baseline)!;
      expect(hr, baseline).toBeGreaterThan(3 * baseHr!);
      expect(ndcg, baseline).toBeGreaterThan(3 * baseNdcg!);
    }
  },
  300_000,
);
