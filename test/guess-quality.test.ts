// Acceptance (#9, #19): "guess you like" guesses better than a bestseller list, on logs that carry only
// session, item and time (generated here) and on UCI Online Retail (the `shopscene eval` command); its
// defaults serve click logs of different shapes; `shopscene tune` fits a blend that beats them.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { createProfile, rank, reduceProfile, staticAdapter, type Profile } from '@shopscene/core';
import { catalogOf, createRelatedBuilder, evaluate, sessionsOf, splitByTime, toEvent, type LogRecord, type MethodScores } from '@shopscene/core/related';
import { syntheticLog, type SyntheticLogOptions } from './support/synthetic-log.ts';

const CSV = process.env.SHOPSCENE_RETAIL_CSV ?? fileURLToPath(new URL('../../shared/data/retail/online-retail.csv.gz', import.meta.url));
const CLI = fileURLToPath(new URL('../packages/core/bin/shopscene.mjs', import.meta.url));
/** Runs the command-line tool; resolves with its output, rejects (with code, stdout, stderr) when it exits non-zero. */
const cli = (...args: string[]) => promisify(execFile)(process.execPath, [CLI, ...args], { maxBuffer: 1 << 24 });
/** Runs the tool where it must fail: what it said and its exit code. */
const cliFails = (...args: string[]) =>
  cli(...args).then(
    () => expect.unreachable(`${args.join(' ')} succeeded`),
    (error: { code: number; stderr: string; stdout: string }) => error,
  );

const byMethod = (rows: MethodScores[]) => Object.fromEntries(rows.map((r) => [r.method, r]));
/** A log as a store's CSV: session, item and time of each record. */
const writeLog = (path: string, records: readonly Pick<LogRecord, 'session' | 'item' | 'time'>[]) =>
  writeFileSync(path, ['session,item,timestamp', ...records.map((r) => [r.session, r.item, new Date(r.time).toISOString()].join(','))].join('\n'));
/** A catalog with a plain product for each id. */
const writeCatalog = (path: string, ids: readonly string[]) =>
  writeFileSync(path, JSON.stringify(ids.map((id) => ({ id, title: `Item ${id}`, url: `/p/${id}`, price: 10, currency: 'EUR', image: { url: '/i.png', width: 1, height: 1 } }))));

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

describe('the defaults, on click logs with revisits of different shapes (#19)', () => {
  const shapes: Record<string, SyntheticLogOptions> = {
    'item ids only': { sessions: 3000, seed: 3 },
    'many revisits, the latest items most': { sessions: 3000, seed: 12, revisit: 0.35, repeat: 0.15, recentBias: 1, follow: 0.35 },
    'few revisits, long visits': { sessions: 2500, seed: 9, revisit: 0.1, visitLength: 8 },
    'categories and brands, short visits': { sessions: 4000, seed: 5, categories: true, visitLength: 2, follow: 0.3 },
    // The item on screen opened again at once, a fifth of the time, and little else to go on: the related
    // lists must not push it down (an item's own entry in its list strengthens its reminder).
    'the same item again at once, a weak next item': { sessions: 3000, seed: 11, categories: true, revisit: 0.25, follow: 0.1, visitLength: 6, repeat: 0.2 },
  };
  test.each(Object.entries(shapes))('%s: rank() with related lists is never below the session\'s own items on HR@10 and MRR@10, nor below rank() alone on MRR@10', (_name, shape) => {
    const { rows, test: tested } = evaluate([...syntheticLog(shape)], { testShare: 0.2, maxTestSessions: 400 });
    expect(tested).toBeGreaterThan(150);
    const by = byMethod(rows);
    const withLists = by['rank() with related lists']!;
    const session = by['session items, then popularity']!;
    expect(withLists.hr).toBeGreaterThanOrEqual(session.hr);
    expect(withLists.mrr).toBeGreaterThanOrEqual(session.mrr);
    expect(withLists.mrr).toBeGreaterThanOrEqual(by['rank() without related lists']!.mrr);
  });
});

describe('`shopscene tune` (#19)', () => {
  test('on a click log with revisits and categories, fits a blend that beats the defaults on the held-out part, naming bad lines and telling its progress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopscene-tune-'));
    try {
      const records = [...syntheticLog({ sessions: 3000, seed: 5, categories: true, visitLength: 3, follow: 0.3 })];
      // The store has the earlier 80 % of the sessions; the later 20 % are held out, as evaluate() holds them out.
      const { train } = splitByTime(sessionsOf(records), 0.2);
      const lines = ['session,item,timestamp,event,category,brand', ...train.flat().map((r) => [r.session, r.item, new Date(r.time).toISOString(), r.action, r.category, r.brand].join(','))];
      lines.splice(40, 0, 'broken,,,view,,');
      writeFileSync(join(dir, 'log.csv'), lines.join('\n'));
      const ids = [...new Set(records.map((r) => r.item))];
      writeCatalog(join(dir, 'catalog.json'), ids);

      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [CLI, 'tune', join(dir, 'log.csv'), '--catalog', join(dir, 'catalog.json'), '--out', join(dir, 'catalog.json'), '--max-predictions', '1500', '--time', '240'],
        { maxBuffer: 1 << 24 },
      );
      expect(stderr).toMatch(/log\.csv: line 41: no item id/);
      expect(stderr).toMatch(/… defaults: NDCG@10 0\.\d+/);
      expect(stderr).toMatch(/… done: \d+ blends tried/);
      expect(stdout).toMatch(/\| defaults \| 0\.\d+ \| 0\.\d+ \| 0\.\d+ \|\n\| fitted \| 0\.\d+/);

      const written = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8'));
      expect(written.products).toHaveLength(ids.length);
      expect(written.products.filter((p: { related?: unknown }) => p.related).length).toBeGreaterThan(ids.length / 2);
      const { weights, intent, relatedLists } = written.ranking;
      expect(written.ranking.fitted.after.ndcg).toBeGreaterThan(written.ranking.fitted.before.ndcg);

      // On the sessions it never saw: the fitted blend against the defaults.
      const ndcg = (rows: MethodScores[]) => byMethod(rows)['rank() with related lists']!.ndcg;
      const defaults = ndcg(evaluate(records, { testShare: 0.2 }).rows);
      const fitted = ndcg(evaluate(records, { testShare: 0.2, weights, intent, related: relatedLists }).rows);
      expect(fitted).toBeGreaterThan(defaults * 1.02);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  test('keeps a long log in bounded memory: past --max-records it fits on the latest records, says so, and still builds the lists from the whole log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopscene-tune-'));
    try {
      const records = [...syntheticLog({ sessions: 1500, seed: 3 })];
      const first = records[0]!.time;
      // The oldest visit of the log: its two items are seen nowhere else.
      const early = [
        { session: 'early', item: 'early-a', time: first - 60_000 },
        { session: 'early', item: 'early-b', time: first - 30_000 },
      ];
      writeLog(join(dir, 'log.csv'), [...early, ...records]);
      const ids = ['early-a', 'early-b', ...new Set(records.map((r) => r.item))];
      writeCatalog(join(dir, 'catalog.json'), ids);
      const max = Math.floor(records.length / 2);
      const run = (...args: string[]) => promisify(execFile)(process.execPath, [CLI, ...args, '--max-records', String(max)], { maxBuffer: 1 << 24 });

      const tuned = await run('tune', join(dir, 'log.csv'), '--catalog', join(dir, 'catalog.json'), '--out', join(dir, 'catalog.json'), '--max-trials', '3');
      const kept = Number(/kept the latest ([\d,]+) records, left out the ([\d,]+) before them \(--max-records \d+\)/.exec(tuned.stderr)?.[1]?.replaceAll(',', ''));
      expect(kept).toBeGreaterThanOrEqual(max);
      expect(kept).toBeLessThan(max + 100); // only ties at the cut beyond it
      // Fitted on the later half: fewer sessions to learn from than the log has before its latest 20 %.
      const learnt = Number(/related lists from ([\d,]+) earlier ones/.exec(tuned.stdout)?.[1]?.replaceAll(',', ''));
      expect(learnt).toBeGreaterThan(0);
      expect(learnt).toBeLessThan(sessionsOf(records).length * 0.8 * 0.75);
      const written = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8'));
      const related = (id: string) => written.products.find((p: { id: string }) => p.id === id).related;
      expect(related('early-a')).toEqual([['early-b', expect.any(Number)]]);

      const evaluated = await run('eval', join(dir, 'log.csv'));
      expect(evaluated.stderr).toMatch(/kept the latest [\d,]+ records, left out the [\d,]+ before them/);
      expect(evaluated.stdout).toMatch(/\| rank\(\) with related lists \| 0\.\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('a log with too little in it', () => {
  test('tune fits nothing on a handful of guesses (a catalog still gets its lists, a ranking file is not written); eval scores nothing without a second item; an empty log is named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopscene-small-'));
    try {
      const records = [...syntheticLog({ sessions: 40, seed: 8 })];
      writeLog(join(dir, 'log.csv'), records);
      const ids = [...new Set(records.map((r) => r.item))];
      writeCatalog(join(dir, 'catalog.json'), ids);
      const tuned = await cli('tune', join(dir, 'log.csv'), '--catalog', join(dir, 'catalog.json'), '--out', join(dir, 'catalog.json'));
      expect(tuned.stdout).toMatch(/log\.csv: too few to fit on: \d+ predictions in the latest \d+ sessions .*at least 100 needed \(--min-predictions\)\. Nothing fitted: the defaults stand\./);
      expect(tuned.stdout).not.toContain('| fitted |');
      // The catalog as `shopscene related` writes it: the lists and the log's popularities, no ranking block.
      const written = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8'));
      expect(written).not.toHaveProperty('ranking');
      expect(written.popularityFrom).toMatchObject({ log: 'log.csv' });
      expect(written.products.filter((p: { related?: unknown }) => p.related).length).toBeGreaterThan(ids.length / 4);
      // A catalog with a ranking block of its own keeps it.
      const own = { weights: { related: 1.5 } };
      writeFileSync(join(dir, 'catalog.json'), JSON.stringify({ ranking: own, products: written.products }));
      await cli('tune', join(dir, 'log.csv'), '--catalog', join(dir, 'catalog.json'), '--out', join(dir, 'catalog.json'));
      expect(JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')).ranking).toEqual(own);
      const alone = await cli('tune', join(dir, 'log.csv'), '--out', join(dir, 'ranking.json'));
      expect(alone.stderr).toContain(`nothing written to ${join(dir, 'ranking.json')}`);
      expect(existsSync(join(dir, 'ranking.json'))).toBe(false);

      // Visits of one item each: nothing to guess.
      writeLog(join(dir, 'singles.csv'), records.map((r, i) => ({ ...r, session: `v${i}` })));
      const evaluated = await cliFails('eval', join(dir, 'singles.csv'));
      expect(evaluated.stderr).toMatch(/singles\.csv: nothing to score: none of the \d+ latest sessions \(the test part\) has a second item to guess/);
      expect(evaluated.stdout).not.toContain('| rank()');

      writeFileSync(join(dir, 'empty.csv'), '');
      for (const command of ['related', 'tune', 'eval']) expect((await cliFails(command, join(dir, 'empty.csv'))).stderr).toContain(`shopscene ${command}: ${join(dir, 'empty.csv')}: the log is empty`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('`shopscene related`', () => {
  test('writes its side file (to --out, or to stdout) as one JSON object with every list the builder makes, a megabyte at a time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopscene-related-'));
    try {
      const records = [...syntheticLog({ sessions: 4000, items: 20_000, topics: 200, seed: 9 })].map((r) => ({ ...r, action: 'view' as const }));
      writeLog(join(dir, 'log.csv'), records);
      const builder = createRelatedBuilder();
      for (const r of records) builder.add(r);
      const expected = Object.fromEntries(builder.finish());
      const run = (...args: string[]) => promisify(execFile)(process.execPath, [CLI, 'related', join(dir, 'log.csv'), ...args], { maxBuffer: 1 << 26 });
      await run('--out', join(dir, 'related.json'));
      const written = readFileSync(join(dir, 'related.json'), 'utf8');
      expect(written.length).toBeGreaterThan(1 << 20); // (more than one batch)
      expect(JSON.parse(written)).toEqual(expected);
      expect(JSON.parse((await run()).stdout)).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('with --catalog, a product with no popularity of its own gets how often the log opens it; its own is kept, or replaced with --log-popularity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopscene-related-'));
    try {
      const records: LogRecord[] = [...syntheticLog({ sessions: 300, seed: 6 })].map((r) => ({ ...r, action: 'view' as const }));
      // A card's click and the view of its page are one step: the item is opened once there, not twice.
      const [first] = records;
      records.splice(1, 0, { ...first!, time: first!.time + 1, select: true }, { ...first!, time: first!.time + 2 });
      writeFileSync(join(dir, 'log.csv'), ['session,item,timestamp,event', ...records.map((r) => [r.session, r.item, new Date(r.time).toISOString(), r.select ? 'select_item' : 'view_item'].join(','))].join('\n'));
      const steps = new Map<string, number>();
      for (const session of sessionsOf(records)) for (const r of session) steps.set(r.item, (steps.get(r.item) ?? 0) + 1);
      const ids = [...steps.keys()];
      const own = ids[1]!;
      writeFileSync(
        join(dir, 'catalog.json'),
        JSON.stringify([...ids, 'never-opened'].map((id) => ({ id, title: `Item ${id}`, url: `/p/${id}`, price: 10, currency: 'EUR', image: { url: '/i.png', width: 1, height: 1 }, ...(id === own ? { popularity: 0.5 } : {}) }))),
      );
      const read = () => {
        const catalog = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8'));
        const products: { id: string; popularity?: number }[] = Array.isArray(catalog) ? catalog : catalog.products;
        return { catalog, products, popularity: new Map(products.map((p) => [p.id, p.popularity])) };
      };

      const { stderr } = await cli('related', join(dir, 'log.csv'), '--catalog', join(dir, 'catalog.json'), '--out', join(dir, 'catalog.json'));
      expect(stderr).toContain(`; ${ids.length} took their popularity from the log (how often it opens them); 1 kept its own (--log-popularity takes the log's for all)`);
      const given = read();
      expect(given.popularity.get(own)).toBe(0.5);
      expect(given.popularity.get('never-opened')).toBe(0);
      for (const id of ids) if (id !== own) expect(given.popularity.get(id)).toBe(steps.get(id));
      expect(given.popularity.get(first!.item)).toBe(steps.get(first!.item)); // (the click and its page once)
      // One figure was the store's own: the catalog stays a plain array, with nothing saying its figures are the log's.
      expect(Array.isArray(given.catalog)).toBe(true);

      // Every product's from the log: the catalog says so, and the SDK reads it as ever.
      await cli('related', join(dir, 'log.csv'), '--catalog', join(dir, 'catalog.json'), '--out', join(dir, 'catalog.json'), '--log-popularity');
      const all = read();
      expect(all.popularity.get(own)).toBe(steps.get(own));
      expect(all.catalog.popularityFrom).toEqual({ log: 'log.csv', at: expect.any(String) });
      expect(await staticAdapter({ catalog: all.catalog }).products()).toHaveLength(ids.length + 1);
      // So the next run, without the flag, takes the log's figures again (as from a newer log), not keeping these as the store's own.
      writeFileSync(join(dir, 'catalog.json'), JSON.stringify({ ...all.catalog, products: all.products.map((p) => ({ ...p, popularity: 1000 })) }));
      expect((await cli('related', join(dir, 'log.csv'), '--catalog', join(dir, 'catalog.json'), '--out', join(dir, 'catalog.json'))).stderr).not.toContain('kept');
      expect(read().popularity.get(own)).toBe(steps.get(own));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--ranking builds the lists with the options a ranking file (tune --out) was fitted with, and tune --out says how', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopscene-related-'));
    try {
      const records = [...syntheticLog({ sessions: 600, seed: 4 })].map((r) => ({ ...r, action: 'view' as const }));
      writeLog(join(dir, 'log.csv'), records);
      const built = (options: Parameters<typeof createRelatedBuilder>[0]) => {
        const builder = createRelatedBuilder(options);
        for (const r of records) builder.add(r);
        return Object.fromEntries(builder.finish());
      };
      const relatedLists = { window: 1, backward: 0, damping: 0 };
      writeFileSync(join(dir, 'ranking.json'), JSON.stringify({ weights: { related: 1.5 }, relatedLists }));
      const { stderr } = await cli('related', join(dir, 'log.csv'), '--ranking', join(dir, 'ranking.json'), '--out', join(dir, 'related.json'));
      expect(stderr).toContain("the lists' options of ranking.json: window 1, backward 0, damping 0");
      const lists = JSON.parse(readFileSync(join(dir, 'related.json'), 'utf8'));
      expect(lists).toEqual(built(relatedLists));
      expect(lists).not.toEqual(built({}));
      expect(lists).not.toEqual(built({ ...relatedLists, damping: 0.5 })); // (the damping reached the builder too)
      // With a catalog, the catalog written carries the block its lists were built for.
      const ids = [...new Set(records.map((r) => r.item))];
      writeCatalog(join(dir, 'catalog.json'), ids);
      await cli('related', join(dir, 'log.csv'), '--catalog', join(dir, 'catalog.json'), '--ranking', join(dir, 'ranking.json'), '--out', join(dir, 'catalog.json'));
      expect(JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')).ranking).toEqual({ weights: { related: 1.5 }, relatedLists });
      expect((await cli('related', join(dir, 'log.csv'), '--ranking', join(dir, 'nowhere.json')).catch((error: { stderr: string }) => error)).stderr).toContain('nowhere.json: no such file');
      // tune --out names the command that builds the lists its blend was fitted to.
      const tuned = await cli('tune', join(dir, 'log.csv'), '--out', join(dir, 'fitted.json'), '--max-trials', '2');
      const fitted = JSON.parse(readFileSync(join(dir, 'fitted.json'), 'utf8'));
      expect(tuned.stderr).toContain(
        `its related lists: shopscene related ${join(dir, 'log.csv')} --ranking ${join(dir, 'fitted.json')} --out related.json (built with window ${fitted.relatedLists.window}, backward ${fitted.relatedLists.backward}, damping ${fitted.relatedLists.damping})`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('what a log file is', () => {
  test('a log without a header is read (its columns guessed, and said), a gzip is known by its bytes, not its name; Parquet, zip and a missing file are named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopscene-files-'));
    try {
      const records = [...syntheticLog({ sessions: 300, seed: 5 })].map((r) => ({ ...r, action: 'view' as const }));
      // YOOCHOOSE's shape: session, ISO time, item, category; no header, gzipped under another name.
      const lines = records.map((r) => `${r.session},${new Date(r.time).toISOString()},${r.item},0`);
      writeFileSync(join(dir, 'clicks.dat'), gzipSync(`${lines.join('\n')}\n`));
      const { stderr } = await cli('related', join(dir, 'clicks.dat'), '--out', join(dir, 'related.json'));
      expect(stderr).toContain(`${join(dir, 'clicks.dat')}: reading session from column 1, item from column 3, time from column 2 (the log has no header: give --columns to say otherwise)`);
      const builder = createRelatedBuilder();
      for (const r of records) builder.add(r);
      expect(JSON.parse(readFileSync(join(dir, 'related.json'), 'utf8'))).toEqual(Object.fromEntries(builder.finish()));

      writeFileSync(join(dir, 'log.parquet'), Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64)]));
      expect((await cliFails('related', join(dir, 'log.parquet'))).stderr).toContain(`${join(dir, 'log.parquet')} is a Parquet file: write it as CSV or JSON lines first`);
      writeFileSync(join(dir, 'log.xlsx'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64)]));
      expect((await cliFails('tune', join(dir, 'log.xlsx'))).stderr).toContain(`${join(dir, 'log.xlsx')} is a zip archive (or an Excel workbook)`);
      expect((await cliFails('eval', join(dir, 'nowhere.csv'))).stderr).toContain(`shopscene eval: ${join(dir, 'nowhere.csv')}: no such file`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
