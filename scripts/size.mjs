// Measures what shopscene costs a page: the script tag's loader, what a waterfall page and a venue
// page fetch on top, and a tracker-only import of core. `pnpm size` prints the table;
// test/size.test.ts fails when a budget is exceeded. Sizes in bytes; KB = 1000 bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(`${root}packages/embed/package.json`, 'utf8'));
const embed = `${root}packages/embed/dist/shopscene@${version}/`;

/**
 * Hard budgets, gzip bytes. Ceilings: lower one when a change makes room, never raise one (a feature
 * that does not fit loads on demand). `mustNotInclude`: packages whose code must never end up there.
 */
export const BUDGETS = {
  // The script tag on every page: queue, consent, tracker with the profile, auto-capture (the GTM bridge is a part).
  'loader (shopscene.js)': { gzip: 14_950 },
  // A page with the waterfall: the loader, the waterfall part and the chunks it imports.
  'loader + waterfall': { gzip: 29_950 },
  // What a venue page fetches on top of the waterfall (its scene config's checks aside: that is the scenes part).
  'festival part': { gzip: 9_660 },
  // A page with a backend (data-api): the outbox, on top of the loader.
  'outbox part (with data-api)': { gzip: 7_450 },
  // The REST adapter, when a page with a backend has widgets.
  'rest part (with data-api and widgets)': { gzip: 4_340 },
  'core: createTracker + startAutoCapture': { gzip: 11_780, mustNotInclude: ['/preact/', '/@preact/signals', '/zod/', '/ranking/', '/models/', '/widgets/', '/scenes/'] },
};

function sizes(code) {
  const buffer = Buffer.from(code);
  return {
    raw: buffer.length,
    // Each file is compressed on its own, as a server sends it.
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Bundles `entry` (code importing our packages) the way an app's production build would: minified. */
async function bundle(entry) {
  const { build } = await import('vite');
  // A file that does not exist, resolved from test/ (which depends on our packages) and served from memory.
  const id = `${root}test/__size_entry__.js`;
  const output = await build({
    root,
    logLevel: 'silent',
    configFile: false,
    resolve: { conditions: ['source'] },
    plugins: [{ name: 'virtual-entry', enforce: 'pre', resolveId: (source) => (source === id ? id : undefined), load: (source) => (source === id ? entry : undefined) }],
    build: { write: false, minify: true, target: 'es2020', rollupOptions: { input: id, preserveEntrySignatures: 'allow-extension' } },
  });
  const chunk = (Array.isArray(output) ? output[0] : output).output[0];
  return { code: chunk.code, modules: chunk.moduleIds };
}

/** The files a part brings, its static imports included (dynamic ones load later, on their own need). */
function partFiles(manifest, name) {
  const files = new Set();
  const visit = (file) => {
    if (files.has(file)) return;
    files.add(file);
    for (const next of manifest.chunks[file]?.imports ?? []) visit(next);
  };
  visit(manifest.entries[name]);
  return files;
}

/** The sum of each file's sizes (as a browser fetches them: one response each). */
function total(files) {
  const sum = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const s = sizes(readFileSync(join(embed, file)));
    for (const k of Object.keys(sum)) sum[k] += s[k];
  }
  return sum;
}

/** Every measured bundle with its sizes, its files or modules, and its budget (null: reported only). */
export async function measure() {
  const manifest = JSON.parse(readFileSync(`${embed}parts.json`, 'utf8'));
  const waterfall = partFiles(manifest, 'waterfall');
  const festival = [...partFiles(manifest, 'festival')].filter((f) => !waterfall.has(f));
  /** A part loaded on demand: its files beyond those already on the page (`loaded`: the waterfall's, by default). */
  const dynamic = (name, loaded = waterfall) => {
    // By the chunk's name: a prefix of its file would take rest-events-… for rest-….
    const file = Object.keys(manifest.chunks).find((f) => manifest.chunks[f].name === name);
    return file ? [...partFiles({ ...manifest, entries: { x: file } }, 'x')].filter((f) => !loaded.has(f)) : [];
  };
  const venue = new Set([...waterfall, ...festival]);
  const tracker = await bundle(`import { createTracker, startAutoCapture } from '@shopscene/core';\nconst t = createTracker();\nstartAutoCapture(t.track);\nexport { t };`);
  const row = (name, measured, files, modules = []) => ({ name, ...measured, files, modules, budget: BUDGETS[name] ?? null });
  return [
    row('loader (shopscene.js)', total(['shopscene.js']), ['shopscene.js']),
    row('loader + waterfall', total(['shopscene.js', ...waterfall]), ['shopscene.js', ...waterfall]),
    row('festival part', total(festival), festival),
    row('outbox part (with data-api)', total(partFiles(manifest, 'outbox')), [...partFiles(manifest, 'outbox')]),
    row('campaign cards (group-buy, live)', total(dynamic('campaign-cards', venue)), dynamic('campaign-cards', venue)),
    row('dataLayer part (with GTM or gtag)', total(partFiles(manifest, 'datalayer')), [...partFiles(manifest, 'datalayer')]),
    row('traits part (with identify())', total(partFiles(manifest, 'traits')), [...partFiles(manifest, 'traits')]),
    row('preview part (a marketer’s preview)', total(partFiles(manifest, 'preview')), [...partFiles(manifest, 'preview')]),
    row('venue in Chinese (its strings)', total(dynamic('venue-zh-CN', venue)), dynamic('venue-zh-CN', venue)),
    row('rest part (with data-api and widgets)', total(dynamic('rest')), dynamic('rest')),
    row('scenes part (with scenes: zod config checks)', total(dynamic('scenes')), dynamic('scenes')),
    row('core: createTracker + startAutoCapture', sizes(tracker.code), [], tracker.modules),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await measure();
  const cell = (n) => n.toLocaleString('en').padEnd(10);
  console.log(`\n${'bundle (bytes)'.padEnd(48)}${'raw'.padEnd(10)}${'gzip'.padEnd(10)}${'brotli'.padEnd(10)}gzip budget`);
  for (const r of rows) console.log(`${r.name.padEnd(48)}${cell(r.raw)}${cell(r.gzip)}${cell(r.brotli)}${r.budget ? r.budget.gzip.toLocaleString('en') : '—'}`);
}
