#!/usr/bin/env node
// The shopscene command line: `shopscene related` builds "shoppers also viewed" lists from a
// behaviour log; `shopscene tune` fits the ranking to it; `shopscene eval` measures recommendations
// offline on one. Run `shopscene help`.
import { once } from 'node:events';
import { closeSync, createReadStream, openSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { jsonPositions, positionOf } from './json-positions.mjs';

const HELP = `shopscene — command-line tools for a store using shopscene

  shopscene related LOG [--catalog catalog.json --out catalog.related.json] [--out related.json] [--ranking ranking.json]
      Builds each item's related list ("shoppers who viewed, carted or bought this also…") from a
      behaviour log. With --catalog, writes the catalog with a "related" list on each product, and
      on each with no popularity of its own how often the log opens it (--log-popularity: on every
      one; a catalog whose every figure was the log's says so, and a later run renews them);
      without, a side file { "item": [["other item", weight], …] }. A log of any length is read in
      bounded memory: past --max-pairs 8000000 item pairs (about 1 GB) the weaker half is let go.
      A catalog with a fitted "ranking" block (shopscene tune) keeps it, and its lists are built with
      the block's builder options; --ranking ranking.json (what tune --out wrote) builds them with
      that block's options (a side file to go with it; with --catalog, the catalog gets the block).
  shopscene tune LOG [--catalog catalog.json --out catalog.json] [--out ranking.json] [--time 60]
      Fits "guess you like" to the store: splits the log by time (the latest 20 % of sessions to fit
      on), builds related lists from the rest, and searches rank()'s weights, the shape of the
      shopper's intent and the related lists' options (window, backward share, how much a common
      neighbour is held back) for the best NDCG@10 (coordinate ascent, at most --time seconds,
      progress on stderr). Prints the defaults' and the fitted blend's scores. With
      --catalog, writes the catalog as { "ranking": {…}, "products": […] } with related lists built
      from the whole log with the fitted options (and popularities, as related gives them): the
      script tag's data-catalog, staticAdapter and the shopscene server read the block. Without,
      writes the block alone (to --out, else stdout).
      --validate-share 0.2  --max-sessions 600  --max-predictions 4000  --min-predictions 100 (fewer
      to fit on: nothing is fitted; a --catalog still gets its lists)  --max-trials N (the same
      search on any machine, however fast)  --max-learn-records 500000 (the search's related lists
      from the latest this many)  --max-records 4000000 (the latest kept in memory; a longer log's
      earlier records are left out of the fit, said on stderr)
  shopscene eval LOG [--test-share 0.2] [--max-test-sessions 5000] [--tuned] [--max-records 4000000] [--max-pairs N]
      Splits the log by time, builds related lists from the earlier part, replays each later session
      and prints HR@10, MRR@10 and NDCG@10 for rank() and baselines. With --tuned, also for rank()
      with a blend fitted (shopscene tune) on the earlier part only.

  shopscene report experiments|experiment ID|campaign SCENE|shoppers --server URL [--token sk_…] [--reading sequential|frequentist|bayesian] [--json|--csv]
      What the store's shopscene server says each A/B test, scene and its shoppers did, as tables (or
      JSON, or CSV). For a store's CI or a weekly mail: exits 3 when an A/B test's split does not match
      its weights (sample ratio mismatch: its results cannot be trusted). --server and --token default to
      SHOPSCENE_SERVER and SHOPSCENE_ADMIN_TOKEN. The interval shown is the peeking-safe one by default.

  shopscene validate SCENES.json [--catalog catalog.json] [--at TIME] [--as trait=value,…] [--lang zh] [--strict]
      Checks a scene config and prints every issue at once, with its line and column; then each
      scene's timeline in its own time zone, the scene and phase a shopper gets at --at (with the
      traits of --as), and warnings: floors that match nothing in --catalog, themes below WCAG AA
      contrast. Exits 1 on errors (and on warnings with --strict): fit for a store's CI.

  LOG: CSV or TSV with a header (session or user id, item id, timestamp, and optionally event type,
  category, brand, price, quantity) or without one (its columns guessed from the first line, and
  said), or JSON lines (plain records, our collector's events, a GA4 BigQuery export, or OTTO
  sessions), or a JSON array of them; a gzip is read as it is (known by its bytes, whatever its
  name). Parquet and zip files are named, not read: convert them first. Best in time or session
  order (the records of one visit may come in any order).
  --default-action view|cart|purchase  what a line without an event type is (default: view;
                       purchase for a CSV with a quantity column and no event type)
  --session COLUMN     the column to read sessions from (e.g. CustomerID rather than InvoiceNo)
  --columns a,b,c      the columns of a CSV without a header, e.g. session,time,item,category
                       (instead of guessing them)
`;

const args = process.argv.slice(2);
const command = args[0];
const option = (name) => {
  const at = args.indexOf(`--${name}`);
  return at > 0 ? args[at + 1] : undefined;
};
/** Options that take no value. */
const FLAGS = new Set(['--tuned', '--strict', '--json', '--csv', '--log-popularity']);
const positional = args.slice(1).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1]?.startsWith('--') && !FLAGS.has(all[i - 1])));
const stderr = (line) => process.stderr.write(`${line}\n`);

/** A module of the library (`index` or `related/index`), built (dist/) when installed, or from source in this repository (through Vite). */
async function load(module) {
  try {
    return await import(`../dist/${module}.js`);
  } catch {
    const { runnerImport } = await import('vite');
    return (await runnerImport(new URL(`../src/${module}.ts`, import.meta.url).pathname, { configFile: false, logLevel: 'silent' })).module;
  }
}
const library = () => load('related/index');

/** Every record of a log, streamed line by line; progress every 2 s and bad lines (by number) on stderr. */
async function readLog(path, lib, onRecord) {
  // What the file is, by its first bytes (a gzip not named .gz is read too; a format the tool cannot read is named).
  const head = Buffer.alloc(4);
  try {
    const fd = openSync(path, 'r');
    readSync(fd, head, 0, 4, 0);
    closeSync(fd);
  } catch (error) {
    throw new Error(`${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  if (head.toString('latin1') === 'PAR1') throw new Error(`${path} is a Parquet file: write it as CSV or JSON lines first (e.g. duckdb -c "COPY (FROM '${path}') TO 'log.csv'")`);
  if (head.toString('latin1') === 'PK\x03\x04') throw new Error(`${path} is a zip archive (or an Excel workbook): unpack it, or save the sheet as CSV, first`);
  const input = createReadStream(path);
  const lines = createInterface({ input: gz ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
  const reader = lib.createLogReader({
    ...(option('default-action') ? { defaultAction: option('default-action') } : {}),
    ...(option('columns') ? { columns: option('columns').split(',') } : {}),
    ...(option('session') ? { session: option('session') } : {}),
  });
  const started = Date.now();
  let last = started;
  let count = 0;
  let records = 0;
  let problems = 0;
  for await (const line of lines) {
    count++;
    const result = reader.read(line);
    if (count === 1 && reader.guessed()) stderr(`${path}: reading ${reader.guessed()}`);
    if (Array.isArray(result)) {
      for (const r of result) onRecord(r);
      records += result.length;
    } else if (result.fatal) throw new Error(`${path}: line ${result.line}: ${result.message}`);
    else if (++problems <= 20) stderr(`${path}: line ${result.line}: ${result.message}`);
    if (Date.now() - last > 2000) {
      last = Date.now();
      stderr(`… ${count.toLocaleString('en')} lines read (${Math.round(count / ((last - started) / 1000)).toLocaleString('en')}/s), ${records.toLocaleString('en')} records`);
    }
  }
  if (problems > 20) stderr(`${path}: ${problems - 20} more lines could not be read`);
  if (!records) throw new Error(count ? `${path}: no records found (${problems} lines could not be read)` : `${path}: the log is empty`);
  return { lines: count, records, problems, seconds: (Date.now() - started) / 1000 };
}

/** Test sessions eval replays by default: the first this many of the test part (each takes milliseconds per method and step). */
const MAX_TEST_SESSIONS = 5000;

/** Records tune and eval keep by default: the latest this many (about 2 GB of memory at most). */
const MAX_RECORDS = 4_000_000;

/**
 * Keeps a log's records in memory (tune and eval need them) in little room: an item, category or
 * brand seen before shares one string, and a session its record before's. A string cut from a line
 * would otherwise hold the whole line, for every record. Past `max` records only the latest `max`
 * are kept (by time, in the log's order), so a log of any length fits in memory. Call `done()` on
 * what it returns once the log is read: it cuts back a last time, says so, and returns how many went.
 */
function keeper(records, max = numberOption('max-records', MAX_RECORDS, { min: 1000 })) {
  const names = new Map();
  const own = (text) => JSON.parse(JSON.stringify(text)); // a string of its own, not a slice of its line
  const name = (text) => {
    if (text === undefined) return undefined;
    let kept = names.get(text);
    if (kept === undefined) names.set(text, (kept = own(text)));
    return kept;
  };
  let session = '';
  let dropped = 0;
  /** Keeps the latest `max`, in the order they came (of those at the cut's very time, the later in the log). */
  const trim = () => {
    const times = Float64Array.from(records, (r) => r.time).sort();
    let at = times.length - max;
    const cut = times[at];
    while (at > 0 && times[at - 1] === cut) at--;
    // Records at the cut's time that do not fit: the first ones of them in the log go.
    let skip = times.length - max - at;
    let kept = 0;
    for (const r of records) if (r.time > cut || (r.time === cut && skip-- <= 0)) records[kept++] = r;
    dropped += records.length - kept;
    records.length = kept;
  };
  const add = (r) => {
    if (r.session !== session) session = own(r.session);
    const kept = { session, item: name(r.item), time: r.time, action: r.action };
    if (r.category !== undefined) kept.category = name(r.category);
    if (r.brand !== undefined) kept.brand = name(r.brand);
    if (r.price !== undefined) kept.price = r.price;
    // Cut back now and then, not at every record: a cut sorts the times of all kept.
    if (records.push(kept) >= max * 1.5) trim();
  };
  add.done = () => {
    if (records.length > max) trim();
    if (dropped) stderr(`kept the latest ${records.length.toLocaleString('en')} records, left out the ${dropped.toLocaleString('en')} before them (--max-records ${max})`);
    return dropped;
  };
  return add;
}

/** A JSON file's value; the error names the file and what is wrong with it. */
function readJsonFile(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: ${error.code === 'ENOENT' ? 'no such file' : `not valid JSON (${error.message})`}`);
  }
}

/** A catalog file: a JSON array of products, or { "ranking": {…}, "products": […] } (shopscene tune writes that). */
function readCatalog(path) {
  const catalog = readJsonFile(path);
  if (Array.isArray(catalog)) return { products: catalog };
  if (catalog && typeof catalog === 'object' && Array.isArray(catalog.products)) return { products: catalog.products, ranking: catalog.ranking, popularityFrom: catalog.popularityFrom };
  throw new Error(`${path} must be a JSON array of products, or an object with a "products" array`);
}

/** A ranking file (shopscene tune --out): its block, or what is wrong with it. */
function readRanking(path) {
  let ranking = readJsonFile(path);
  // A catalog with a block is fine too.
  if (ranking && typeof ranking === 'object' && !Array.isArray(ranking) && Array.isArray(ranking.products)) ranking = ranking.ranking;
  if (!ranking || typeof ranking !== 'object' || Array.isArray(ranking)) throw new Error(`${path} must be a ranking block (what shopscene tune --out writes): a JSON object`);
  return ranking;
}

/**
 * Writes a catalog: an array as it was, or an object with its ranking block and where its popularities
 * came from (see givePopularity) first, read before the products, streamed or not.
 */
function writeCatalog(path, { products, ranking, popularityFrom }) {
  // (JSON leaves out a member that is undefined.)
  writeFileSync(path, `${JSON.stringify(ranking || popularityFrom ? { ranking, popularityFrom, products } : products)}\n`);
}

/** Related lists from a log's records, on each product of the catalog that has one (only to products it has). */
function attachRelated(products, lists) {
  const ids = new Set(products.map((p) => String(p?.id)));
  let given = 0;
  for (const product of products) {
    // Only items the catalog has: a related list never points at a product the store cannot show.
    const list = (lists.get(String(product?.id)) ?? []).filter(([id]) => ids.has(id));
    if (list.length) (product.related = list), given++;
    else delete product.related;
  }
  return given;
}

/** The builder's add(), counting how often the log opens each item (its steps, as the builder reads them) into `opened`. */
const counting = (builder, opened) => (r) => builder.add(r) && opened.set(r.item, (opened.get(r.item) ?? 0) + 1);

/**
 * Gives each product with no popularity of its own how often the log opens it (0 for one it never
 * names), as `eval` and `tune` count it: a newcomer's feed then leads with what the store's shoppers
 * open most, not with the exploration noise alone. Every product takes the log's with --log-popularity,
 * or when the catalog says its figures came from a log (`popularityFrom`, written when every product's
 * did: a catalog this tool wrote, its figures refreshed from the newer log). Returns what to say.
 */
function givePopularity(catalog, opened, log) {
  const all = args.includes('--log-popularity') || (catalog.popularityFrom && typeof catalog.popularityFrom === 'object');
  let given = 0;
  let kept = 0;
  for (const product of catalog.products) {
    if (!product || typeof product !== 'object') continue;
    if (product.popularity !== undefined && !all) kept++;
    else (product.popularity = opened.get(String(product.id)) ?? 0), given++;
  }
  catalog.popularityFrom = given && !kept ? { log: basename(log), at: new Date().toISOString() } : undefined;
  const their = (n) => (n === 1 ? 'its' : 'their');
  return `${given ? `; ${given.toLocaleString('en')} took ${their(given)} popularity from the log (how often it opens them)` : ''}${kept ? `; ${kept.toLocaleString('en')} kept ${their(kept)} own (--log-popularity takes the log's for all)` : ''}`;
}

/** The related-list builder's options a ranking block fitted (shopscene tune), when it has usable ones; and --max-pairs. */
function builderOptions(ranking, maxPairs = pairsOption()) {
  const lists = ranking?.relatedLists ?? {};
  const usable = (v, min, max) => typeof v === 'number' && v >= min && v <= max;
  return {
    ...(usable(lists.window, 1, 50) ? { window: Math.round(lists.window) } : {}),
    ...(usable(lists.backward, 0, 4) ? { backward: lists.backward } : {}),
    ...(usable(lists.damping, 0, 2) ? { damping: lists.damping } : {}),
    ...(maxPairs ? { maxPairs } : {}),
  };
}
/** --max-pairs: the related lists' bound on memory (the library's default without it). */
const pairsOption = () => numberOption('max-pairs', undefined, { min: 10_000 });
/** Said when the related lists' builder had to let pairs go to stay within --max-pairs. */
function sayPruned(builder) {
  const { prunes } = builder.stats();
  if (prunes) stderr(`the weaker half of the item pairs was let go ${prunes} time${prunes > 1 ? 's' : ''} to stay within memory (--max-pairs: more keeps more, in more memory)`);
}

async function related() {
  const path = positional[0];
  if (!path) throw new Error('which log? shopscene related LOG');
  const lib = await library();
  const catalogPath = option('catalog');
  const out = option('out');
  if (catalogPath && !out) throw new Error('--catalog needs --out: where to write the catalog with related lists');
  const catalog = catalogPath ? readCatalog(catalogPath) : undefined;
  const rankingPath = option('ranking');
  const ranking = rankingPath ? readRanking(rankingPath) : catalog?.ranking;
  if (catalog && rankingPath) catalog.ranking = ranking; // the catalog written carries the block its lists were built for
  if (rankingPath) {
    const { window, backward, damping } = builderOptions(ranking);
    stderr(`the lists' options of ${basename(rankingPath)}: window ${window ?? 'default'}, backward ${backward ?? 'default'}, damping ${damping ?? 'default'}`);
  }
  const builder = lib.createRelatedBuilder(builderOptions(ranking));
  const opened = new Map();
  const read = await readLog(path, lib, catalog ? counting(builder, opened) : (r) => builder.add(r));
  const lists = builder.finish();
  const { visits } = builder.stats();
  sayPruned(builder);
  if (catalog) {
    const given = attachRelated(catalog.products, lists);
    const popularity = givePopularity(catalog, opened, path);
    writeCatalog(out, catalog);
    stderr(`${out}: ${given.toLocaleString('en')} of ${catalog.products.length.toLocaleString('en')} products have a related list${popularity}`);
  } else await writeLists(lists, out);
  const mb = Math.round(process.resourceUsage().maxRSS / 1024); // peak resident memory
  stderr(`${read.lines.toLocaleString('en')} lines, ${visits.toLocaleString('en')} visits, ${lists.size.toLocaleString('en')} items with related lists in ${read.seconds.toFixed(1)} s (peak memory ${mb} MB)`);
}

/**
 * Writes related lists as one JSON object { "item": [["other item", weight], …] } to `out` (else
 * stdout), a megabyte at a time: a long log's lists can be more text than one string may hold.
 */
async function writeLists(lists, out) {
  const fd = out ? openSync(out, 'w') : undefined;
  const write = async (text) => {
    if (fd !== undefined) writeSync(fd, text);
    else if (!process.stdout.write(text)) await once(process.stdout, 'drain');
  };
  try {
    let text = '';
    let sep = '{';
    for (const [item, list] of lists) {
      text += `${sep}${JSON.stringify(item)}:${JSON.stringify(list)}`;
      sep = ',';
      if (text.length > 1 << 20) await write(text), (text = '');
    }
    await write(`${sep === '{' ? '{' : text}}\n`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A number option, checked. */
function numberOption(name, fallback, { min = 0, max = Infinity } = {}) {
  const text = option(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} ${text}: not a number from ${min} to ${max}`);
  return value;
}

/** Options of lib.tune from the command line. */
const tuneOptions = () => ({
  timeBudgetMs: numberOption('time', 60, { min: 1 }) * 1000,
  validateShare: numberOption('validate-share', 0.2, { min: 0.01, max: 0.9 }),
  maxSessions: numberOption('max-sessions', 600, { min: 1 }),
  maxLearnRecords: numberOption('max-learn-records', undefined, { min: 1 }), // (its default is the library's)
  maxPredictions: numberOption('max-predictions', 4000, { min: 10 }),
  maxTrials: numberOption('max-trials', Infinity, { min: 1 }),
  minPredictions: numberOption('min-predictions', undefined, { min: 1 }), // (its default is the library's)
  progress: (line) => stderr(`… ${line}`),
});

/** The fitted blend beside the defaults: each setting that moved. */
function printChanges(lib, blend) {
  const changes = [];
  for (const part of ['weights', 'intent', 'relatedLists']) {
    for (const [key, value] of Object.entries(blend[part])) {
      const was = lib.DEFAULT_BLEND[part][key];
      if (value !== was) changes.push(`| ${part}.${key} | ${was} | ${value} |`);
    }
  }
  console.log(changes.length ? `\n| setting | default | fitted |\n|---|---|---|\n${changes.join('\n')}` : '\nThe defaults fit this log best: nothing changed.');
}

/** What a search with too few predictions to fit on had (see lib.tune's minPredictions). */
const tooFew = (result) =>
  `${result.tooFew.predictions.toLocaleString('en')} predictions in the latest ${result.validateSessions.toLocaleString('en')} sessions (each item after the first of a visit is one), at least ${result.tooFew.needed.toLocaleString('en')} needed (--min-predictions)`;

async function tuneCommand() {
  const path = positional[0];
  if (!path) throw new Error('which log? shopscene tune LOG');
  const catalogPath = option('catalog');
  const out = option('out');
  if (catalogPath && !out) throw new Error('--catalog needs --out: where to write the catalog with the fitted ranking');
  const options = tuneOptions(); // bad options named before the log is read
  const maxPairs = pairsOption();
  const catalog = catalogPath ? readCatalog(catalogPath) : undefined;
  const lib = await library();
  const records = [];
  const keep = keeper(records);
  await readLog(path, lib, keep);
  const partial = keep.done() > 0;
  const result = lib.tune(records, options);
  let ranking;
  if (result.tooFew) {
    // A blend fitted to a handful of guesses would fit their noise: the store keeps what it has.
    console.log(`\n${path}: too few to fit on: ${tooFew(result)}. Nothing fitted: ${catalog?.ranking ? "the catalog's own ranking block stands" : 'the defaults stand'}.`);
    ranking = catalog?.ranking;
  } else {
    const f = (x) => x.toFixed(4);
    console.log(`\n${path}: fitted on ${result.validateSessions.toLocaleString('en')} of the latest sessions (${result.after.predictions.toLocaleString('en')} predictions), related lists from ${result.learnSessions.toLocaleString('en')} earlier ones, ${result.items.toLocaleString('en')} items; ${result.trials} blends in ${(result.ms / 1000).toFixed(0)} s${result.outOfTime ? ` (${result.trials >= options.maxTrials ? '--max-trials' : 'time'} ran out: the best so far)` : ''}\n`);
    console.log(`| blend | NDCG@10 | HR@10 | MRR@10 |\n|---|---|---|---|`);
    console.log(`| defaults | ${f(result.before.ndcg)} | ${f(result.before.hr)} | ${f(result.before.mrr)} |`);
    console.log(`| fitted | ${f(result.after.ndcg)} | ${f(result.after.hr)} | ${f(result.after.mrr)} |`);
    printChanges(lib, result.blend);
    ranking = {
      ...result.blend,
      fitted: { log: basename(path), at: new Date().toISOString(), sessions: result.validateSessions, before: result.before, after: result.after },
    };
  }
  if (catalog) {
    // The related lists again, from the whole log, as the ranking's builder options build them.
    const builder = lib.createRelatedBuilder(builderOptions(ranking, maxPairs));
    const opened = new Map();
    const add = counting(builder, opened);
    if (partial) {
      records.length = 0; // what was kept is done with: its room goes to the lists
      stderr('the related lists, from the whole log (read again):');
      await readLog(path, lib, add);
    } else for (const r of records) add(r);
    const given = attachRelated(catalog.products, builder.finish());
    const popularity = givePopularity(catalog, opened, path);
    sayPruned(builder);
    writeCatalog(out, { ...catalog, ranking });
    stderr(`${out}: ${result.tooFew ? (ranking ? 'its own ranking block' : 'no ranking block') : 'the fitted ranking'}, and ${given.toLocaleString('en')} of ${catalog.products.length.toLocaleString('en')} products with a related list${popularity}`);
  } else if (result.tooFew) stderr(`nothing written${out ? ` to ${out}` : ''}`);
  else if (out) {
    writeFileSync(out, `${JSON.stringify(ranking, null, 2)}\n`);
    stderr(`${out}: the fitted ranking (put it in the catalog as "ranking", or pass it to createShopscene({ ranking }))`);
    // Its weights were fitted to lists built with its own options: lists built otherwise lose the gain.
    stderr(`its related lists: shopscene related ${path} --ranking ${out} --out related.json (built with window ${ranking.relatedLists.window}, backward ${ranking.relatedLists.backward}, damping ${ranking.relatedLists.damping})`);
  } else console.log(`\n${JSON.stringify(ranking, null, 2)}`);
}

async function evaluate() {
  const path = positional[0];
  if (!path) throw new Error('which log? shopscene eval LOG');
  const lib = await library();
  const maxPairs = pairsOption();
  const records = [];
  const keep = keeper(records);
  await readLog(path, lib, keep);
  keep.done();
  const started = Date.now();
  const result = lib.evaluate(records, {
    ...(maxPairs ? { related: { maxPairs } } : {}),
    testShare: Number(option('test-share') ?? 0.2),
    maxTestSessions: numberOption('max-test-sessions', MAX_TEST_SESSIONS, { min: 1 }),
    ...(args.includes('--tuned') ? { tune: tuneOptions() } : {}),
    progress: (done, total) => stderr(`… ${done.toLocaleString('en')} of ${total.toLocaleString('en')} test sessions`),
  });
  // A table of zeros would read as a ranking that guesses nothing.
  if (result.rows.every((row) => row.predictions === 0)) throw new Error(`${path}: nothing to score: none of the ${result.test.toLocaleString('en')} latest sessions (the test part) has a second item to guess`);
  const pct = (x) => x.toFixed(4);
  const tested = result.test < result.testAvailable ? `the first ${result.test.toLocaleString('en')} of ${result.testAvailable.toLocaleString('en')} (--max-test-sessions)` : result.test.toLocaleString('en');
  console.log(`\n${path}: ${result.train.toLocaleString('en')} sessions to learn from, ${tested} to test on, ${result.items.toLocaleString('en')} items (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  console.log(`| method | HR@10 | MRR@10 | NDCG@10 | predictions | ms each |\n|---|---|---|---|---|---|`);
  for (const row of result.rows) console.log(`| ${row.method} | ${pct(row.hr)} | ${pct(row.mrr)} | ${pct(row.ndcg)} | ${row.predictions.toLocaleString('en')} | ${row.ms.toFixed(2)} |`);
  if (result.tuned?.tooFew) console.log(`\n"tuned": too few to fit on in the ${result.train.toLocaleString('en')} earlier sessions (${tooFew(result.tuned)}): the "tuned" rows are the defaults'.`);
  else if (result.tuned) {
    console.log(`\n"tuned": the blend fitted on the ${result.train.toLocaleString('en')} earlier sessions only (never on the test part):`);
    printChanges(lib, result.tuned.blend);
  }
}


/** GET one of the server's reports, with the store's admin token; a clear message when it cannot. */
async function reportFetch(path) {
  const server = (option('server') ?? process.env.SHOPSCENE_SERVER ?? '').replace(/\/+$/, '');
  const token = option('token') ?? process.env.SHOPSCENE_ADMIN_TOKEN;
  if (!server) throw new Error('which server? --server https://… (or SHOPSCENE_SERVER)');
  if (!token) throw new Error("the store's admin token: --token sk_… (or SHOPSCENE_ADMIN_TOKEN)");
  let response;
  try {
    response = await fetch(`${server}${path}`, { headers: { authorization: `Bearer ${token}`, ...(args.includes('--csv') ? { accept: 'text/csv' } : {}) } });
  } catch (error) {
    throw new Error(`${server} did not answer (${error.cause?.code ?? error.message})`);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = JSON.parse(text).error ?? text;
    } catch {}
    throw new Error(`${server}${path}: ${response.status} ${message}`);
  }
  return args.includes('--csv') ? text : JSON.parse(text);
}

/** A table in Markdown, columns padded. */
function printTable(head, rows) {
  const widths = head.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log([line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
}

const pct = (x) => `${(x * 100).toFixed(1)} %`;
const lift = (x) => `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;

async function report() {
  const [what, id] = positional;
  const readings = ['sequential', 'frequentist', 'bayesian'];
  const reading = option('reading') ?? 'sequential';
  if (!readings.includes(reading)) throw new Error(`--reading ${reading}: one of ${readings.join(', ')}`);
  const path = {
    experiments: () => '/v1/reports/experiments',
    experiment: () => (id ? `/v1/reports/experiments/${encodeURIComponent(id)}` : null),
    campaigns: () => '/v1/reports/campaigns',
    campaign: () => (id ? `/v1/reports/campaigns/${encodeURIComponent(id)}` : null),
    shoppers: () => '/v1/reports/shoppers',
  }[what]?.();
  if (!path) throw new Error('which report? shopscene report experiments | experiment ID | campaigns | campaign SCENE | shoppers');
  const data = await reportFetch(path);
  if (typeof data === 'string') return void process.stdout.write(data);
  if (args.includes('--json')) console.log(JSON.stringify(data, null, 2));
  else if (what === 'experiments') printTable(['test', 'shoppers', 'variations', 'in the config'], data.experiments.map((e) => [e.id, e.shoppers, e.variations, e.configured ? 'yes' : 'no']));
  else if (what === 'campaigns') printTable(['scene', 'floor views', 'orders after a view', 'revenue'], data.campaigns.map((c) => [c.id, c.views, c.orders, c.revenue.toFixed(2)]));
  else if (what === 'experiment') {
    const names = { clickThrough: 'click-through', addToCart: 'add-to-cart', conversion: 'conversion', revenue: 'revenue/shopper', orderValue: 'order value' };
    console.log(`${data.experiment.id}: ${data.status === 'srm' ? 'SAMPLE RATIO MISMATCH' : data.status === 'not-enough-data' ? 'not enough data yet' : data.status === 'no-data' ? 'no shopper yet' : 'ok'} (split check p = ${data.srm.pValue.toPrecision(3)}; control ${data.control}; ${reading} intervals)\n`);
    printTable(['variation', 'weight', 'shoppers', ...Object.values(names)], data.variations.map((v) => [v.id, v.weight, v.shoppers, ...Object.keys(names).map((m) => (m === 'revenue' || m === 'orderValue' ? v.metrics[m].mean.toFixed(2) : pct(v.metrics[m].mean)))]));
    console.log('');
    printTable(
      ['metric', 'variation', 'lift', '95 % interval', 'chance to beat control', 'p-value', 'call'],
      data.results.map((r) => {
        const i = r[reading].interval;
        const significant = reading === 'bayesian' ? r.bayesian.chanceToWin > 0.95 || r.bayesian.chanceToWin < 0.05 : r[reading].significant;
        return [names[r.metric], r.variant, lift(r.lift), `${lift(i[0])} … ${lift(i[1])}`, pct(r.bayesian.chanceToWin), r.frequentist.pValue.toPrecision(3), !r.enoughData ? 'not enough data' : significant ? (r.lift > 0 ? 'better' : 'worse') : 'no clear difference'];
      }),
    );
    if (data.status === 'srm') {
      const expected = Object.entries(data.srm.expected).map(([v, n]) => `${v} ${n.toFixed(0)}`).join(', ');
      console.log(`\nThe shoppers did not split as the weights say (expected ${expected}; chi-square ${data.srm.chiSquare.toFixed(1)}, p = ${data.srm.pValue.toPrecision(3)}): something in the test's set-up is broken, and its results cannot be trusted.`);
    }
  } else if (what === 'campaign') {
    const whole = data.phases['*'];
    printTable(['metric', 'events', 'shoppers', 'value'], Object.entries(whole).map(([m, c]) => [m, c.events, c.shoppers, c.value.toFixed(2)]));
  } else {
    const latest = data.brands.map((b) => data.fast[b].at(-1)).filter(Boolean);
    printTable(['brand', 'F reachable', 'A moving up', 'S super users', 'T super users active'], latest.map((f) => [f.brand, f.reachable, pct(f.advancing), f.superUsers, pct(f.thriving)]));
    const tiers = data.rfm.at(-1)?.segments ?? {};
    console.log('');
    printTable(['RFM tier', 'shoppers'], Object.entries(tiers));
  }
  // A broken split fails the store's CI.
  if (what === 'experiment' && data.status === 'srm') process.exitCode = 3;
}

/** `2027-02-01 20:00` in a time zone. */
function zoned(ms, timeZone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

async function validate() {
  const [file] = positional;
  if (!file) throw new Error('name the scene config: shopscene validate scenes.json');
  const text = readFileSync(file, 'utf8');
  const zh = (option('lang') ?? '').toLowerCase().startsWith('zh');
  let positions;
  try {
    positions = jsonPositions(text);
  } catch (error) {
    console.log(`${file}: ${zh ? '不是有效的 JSON' : 'not valid JSON'}: ${error.message}`);
    process.exitCode = 1;
    return;
  }
  const lib = await load('index');
  const say = (issue, kind) => {
    const { line, column } = positionOf(positions, issue.path);
    return `${file}:${line}:${column}  ${kind}  ${issue.path}: ${zh ? issue.messageZh : issue.message}`;
  };
  const result = lib.parseSceneConfig(text);
  if (!result.ok) {
    for (const issue of result.issues) console.log(say(issue, 'error'));
    console.log(`\n${result.issues.length} ${zh ? '个错误' : result.issues.length === 1 ? 'error' : 'errors'}`);
    process.exitCode = 1;
    return;
  }
  const config = result.value;
  const warnings = [...result.warnings];
  if (option('catalog')) {
    const products = JSON.parse(readFileSync(option('catalog'), 'utf8'));
    const adapter = lib.staticAdapter({ catalog: Array.isArray(products) ? products : [] });
    const total = (await adapter.products()).length;
    for (const [s, scene] of config.scenes.entries()) {
      for (const [f, floor] of scene.floors.entries()) {
        if (!floor.source) continue; // a live floor of streams alone
        const { items } = await adapter.candidates({ placement: `venue:${scene.id}`, filter: floor.source });
        if (!items.length) {
          warnings.push({
            path: `scenes[${s}].floors[${f}].source`,
            message: `floor "${floor.id}" matches none of the ${total} products in ${option('catalog')}: it would show empty`,
            messageZh: `楼层 "${floor.id}" 在 ${option('catalog')} 的 ${total} 件商品中没有匹配项，将显示为空`,
          });
        }
      }
    }
  }
  console.log(`${file}: ${zh ? '有效' : 'valid'} — ${config.scenes.length} ${zh ? '个场景' : config.scenes.length === 1 ? 'scene' : 'scenes'}\n`);
  for (const scene of config.scenes) {
    const zone = scene.schedule.timeZone;
    const timeline = lib.sceneTimeline(scene);
    console.log(`${scene.id} (${zone}, priority ${scene.priority ?? 0})`);
    for (const phase of timeline.phases) console.log(`  ${zoned(phase.start, zone)}  ${phase.phase}`);
    console.log(`  ${zoned(timeline.end, zone)}  ${zh ? '结束' : 'ends'}`);
    // Live streams, as written (in the scene's time zone unless they carry an offset).
    const wall = (text) => text.replace('T', ' ');
    for (const floor of scene.floors) {
      for (const stream of floor.streams ?? []) {
        const replay = stream.replay ? (zh ? '，有回放' : ', with a replay') : '';
        console.log(`  ${wall(stream.start)} → ${wall(stream.end)}  ${zh ? `直播 ${stream.id}（楼层 ${floor.id}${replay}）` : `live stream ${stream.id} (floor ${floor.id}${replay})`}`);
      }
    }
  }
  if (option('at')) {
    const at = Date.parse(option('at'));
    if (Number.isNaN(at)) throw new Error(`--at ${option('at')}: not a date and time such as 2027-02-01T20:00+08:00`);
    const traits = Object.fromEntries((option('as') ?? '').split(',').filter(Boolean).map((pair) => pair.split('=').map((x) => x.trim())));
    const select = lib.sceneSelector({ config: () => config, profile: () => lib.createProfile({ createdAt: at }), now: () => at, device: 'desktop', traits });
    const active = select();
    const who = Object.keys(traits).length ? ` as ${Object.entries(traits).map(([k, v]) => `${k}=${v}`).join(', ')}` : '';
    console.log(
      active
        ? `\nat ${option('at')}${who}: ${active.scene.id}, phase ${active.phase} (until ${zoned(active.nextBoundary, active.scene.schedule.timeZone)}${active.nextPhase ? `, then ${active.nextPhase}` : ', then it ends'}), floors: ${active.floors.map((f) => f.id).join(', ')}`
        : `\nat ${option('at')}${who}: no scene is running`,
    );
  }
  if (warnings.length) {
    console.log('');
    for (const warning of warnings) console.log(say(warning, 'warning'));
    if (args.includes('--strict')) process.exitCode = 1;
  }
}

const commands = { related, tune: tuneCommand, eval: evaluate, report, validate, help: async () => console.log(HELP), '--help': async () => console.log(HELP), '-h': async () => console.log(HELP) };
const known = Object.prototype.hasOwnProperty.call(commands, command ?? '');
const run = known ? commands[command] : commands.help;
if (!known && command) {
  stderr(`unknown command "${command}"\n`);
  process.exitCode = 2;
}
run().catch((error) => {
  stderr(`shopscene ${command}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
