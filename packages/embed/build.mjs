// Builds the script tag: the parts (ES modules, content-hashed, sharing chunks), then the loader
// (one classic script, shopscene.js) that knows their file names. Writes a versioned, self-contained
// folder, dist/shopscene@<version>/, with source maps, the licence and third-party notices, and
// prints the loader's subresource-integrity hash. `pnpm --filter @shopscene/embed build`.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
export const FOLDER = `shopscene@${pkg.version}`;
const out = join(here, 'dist', FOLDER);

/**
 * zod keeps its settings on `globalThis.__zod_globalConfig`; in our files that would be a second
 * global on the merchant's page. Keep it module-local (zod's own config API still works). And zod
 * walks objects with for-in, which also visits what a page added to Object.prototype (its own
 * set-up then fails): own keys only, as it meant.
 */
function zodForThePage() {
  return {
    name: 'zod-for-the-page',
    transform(code, id) {
      if (!/[\\/]zod[\\/]v4[\\/]/.test(id)) return;
      let next = code.replace(/for \(const (\w+) in ([\w.]+)\)/g, 'for (const $1 of Object.keys($2))');
      if (/zod[\\/]v4[\\/]core[\\/]core\.js$/.test(id)) {
        next = next
          .replace(/\(_a = globalThis\)\.__zod_globalConfig \?\? \(_a\.__zod_globalConfig = \{\}\);/, '')
          .replaceAll('globalThis.__zod_globalConfig', '__zodLocalConfig');
        if (next.includes('globalThis')) this.error('zod changed how it keeps its config: update zodForThePage');
        next = `const __zodLocalConfig = {};${next}`;
      }
      // (Generated code in template strings, as in compile.js, is not ours to change.)
      if (/^\s*for \(const \w+ in /m.test(next)) this.error(`zod has a for-in zodForThePage missed in ${id}`);
      return next === code ? undefined : { code: next, map: null };
    },
  };
}

/** The widgets' stylesheets (`/* css *\/` template strings) without comments and spare whitespace. */
function compactCss() {
  const compact = (css) =>
    css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .trim();
  return {
    name: 'compact-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]widgets[\\/]src[\\/].*[\\/](campaign-)?styles\.ts$/.test(id)) return;
      const next = code.replace(/\/\* css \*\/ `([^`$]*)`/g, (_, css) => JSON.stringify(compact(css)));
      if (next === code) this.error(`no /* css */ stylesheet found in ${id}`);
      return { code: next, map: null };
    },
  };
}

/**
 * Modules both the loader and its parts use. The loader carries them and hands what the parts use to
 * them on one symbol of the page's global object (not a name: it cannot clash with the page's own), so
 * a page with widgets fetches each once, and the parts share its state (warned-once messages). A name
 * a part imports is there under a short key (`a`, `b`, …; see SHARED_NAMES).
 */
const SHARED = [
  'core/src/util/check.ts',
  'core/src/util/own.ts',
  'core/src/util/readable.ts',
  'core/src/util/warn.ts',
  'core/src/util/ids.ts',
  'core/src/util/to-json.ts',
  'core/src/util/idb-store.ts',
  'core/src/util/with-timeout.ts',
  'core/src/util/delete-database.ts',
  'core/src/adapters/events-beacon.ts',
  'core/src/messages.ts',
  'core/src/profile/decay.ts',
  'core/src/profile/profile-types.ts',
  'core/src/events/item-categories.ts',
  'core/src/tracker/viewability.ts',
].map((module) => join(here, '..', module));
const SHARED_KEY = `shopscene.shared@${pkg.version}`;
const SYMBOL = `globalThis[Symbol.for(${JSON.stringify(SHARED_KEY)})]`;
/** The value exports of one of our modules (types are erased; a name missed fails the loader's build). */
function valueExports(file) {
  const source = readFileSync(file, 'utf8');
  if (/^export\s*(?:\{|\*)/m.test(source)) throw new Error(`${file}: a shared module re-exports (export { … } / export *): list its names by hand`);
  return [...source.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
}
/** What the parts import from the shared modules: file → names (filled in as the parts are built). */
const sharedUse = new Map();
/** Names the parts read off the shared object by name (`messages.x`, from a namespace import): those keep their name there. */
const byName = new Set();
/**
 * Every name the shared modules export, sorted. A name's place in this list is its short key on the
 * shared object (a, b, … z, A, … Z, aa, …): the same in every build of the same sources, whatever the
 * parts import, and part of every part's hash (augmentChunkHash), so a part's file name changes
 * whenever a key it reads might.
 */
const SHARED_NAMES = [...new Set(SHARED.flatMap(valueExports))].sort();
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** The short key of each name imported by name (`import { x }`) from a shared module, as used. */
const keys = new Map();
const keyOf = (name) => {
  const i = SHARED_NAMES.indexOf(name);
  if (i < 0) throw new Error(`${name} is imported from a shared module that does not export it`);
  keys.set(name, (i >= LETTERS.length ? LETTERS[Math.floor(i / LETTERS.length) - 1] : '') + LETTERS[i % LETTERS.length]);
  return keys.get(name);
};

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const vlq = (n) => {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    const digit = v & 31;
    v >>>= 5;
    out += BASE64[v ? digit | 32 : digit];
  } while (v);
  return out;
};

/**
 * Takes `cuts` (offsets and lengths, in order, none across a line end) out of `code`, and out of its
 * source map's `mappings`: on a line, a segment after a cut moves back by its length (one inside it, to
 * where it began).
 */
function cutCode(code, mappings, cuts) {
  /** Per line, its cuts as [column, length]. */
  const byLine = new Map();
  for (const { offset, length } of cuts) {
    const line = code.slice(0, offset).split('\n').length - 1;
    const column = offset - (code.lastIndexOf('\n', offset - 1) + 1);
    byLine.set(line, [...(byLine.get(line) ?? []), [column, length]]);
  }
  const lines = mappings.split(';').map((line, l) => {
    const onLine = byLine.get(l);
    if (!onLine || !line) return line;
    // A segment's first field is its column, relative to the segment before it on the line.
    let column = 0;
    let previous = 0;
    return line
      .split(',')
      .map((segment) => {
        let value = 0;
        let end = 0;
        for (let shift = 0; ; shift += 5) {
          const digit = BASE64.indexOf(segment[end++]);
          value += (digit & 31) << shift;
          if (!(digit & 32)) break;
        }
        column += value & 1 ? -(value >>> 1) : value >>> 1;
        let moved = column;
        for (const [at, length] of onLine) moved -= column >= at + length ? length : column > at ? column - at : 0;
        const text = vlq(moved - previous) + segment.slice(end);
        previous = moved;
        return text;
      })
      .join(',');
  });
  let kept = '';
  let from = 0;
  for (const { offset, length } of cuts) (kept += code.slice(from, offset)), (from = offset + length);
  return { code: kept + code.slice(from), mappings: lines.join(';') };
}

/**
 * The parts' side: a shared module is left out of the bundle (an import the build rewrites), then each
 * such import becomes a read of the loader's symbol, and the statement goes (the source map's columns
 * after it on its line move back with it).
 */
function fromLoader() {
  const shared = new Set(SHARED);
  const prefix = 'shopscene-shared:';
  return {
    name: 'from-loader',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source.startsWith(prefix)) return { id: source, external: true, moduleSideEffects: false };
      if (!importer || source.startsWith('\0')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      // (By its path from here, not from the disk's root: the parts' names hash their code, this import included, and must not depend on where the repository is.)
      return resolved && shared.has(resolved.id) ? { id: `${prefix}${relative(here, resolved.id)}`, external: true, moduleSideEffects: false } : null;
    },
    // The keys are written into the parts after their names are made (generateBundle): their list goes into every hash.
    augmentChunkHash: () => SHARED_NAMES.join(','),
    // A part's name hashes its code: a path of this disk in it would make the names, and so the loader's
    // bytes and its size, depend on where the repository was checked out.
    renderChunk(code, chunk) {
      const root = join(here, '../..');
      if (code.includes(root)) this.error(`${chunk.fileName}: the code names the folder it was built in (${root})`);
      return null;
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const reads = [];
        const locals = [];
        const cuts = [];
        for (const match of chunk.code.matchAll(/import\s*(\{[^}]*\}|\*\s*as\s*[\w$]+|[\w$]+)?\s*(?:from\s*)?(["'`])shopscene-shared:([^"'`]+)\2;?/g)) {
          const [statement, bindings = '', , path] = match;
          const file = join(here, path);
          const used = sharedUse.get(file) ?? new Set();
          sharedUse.set(file, used);
          if (bindings.startsWith('*')) {
            // A namespace import (`messages.x`): the exports the chunk reads as `local.name` (a name read
            // off another variable of the same minified name only adds an export), from the one object.
            const local = bindings.replace(/^\*\s*as\s*/, '');
            const exports = new Set(valueExports(file));
            for (const [, name] of chunk.code.matchAll(new RegExp(`(?<![\\w$.])${local.replace('$', '\\$')}\\.([A-Za-z_$][\\w$]*)`, 'g'))) if (exports.has(name)) used.add(name), byName.add(name);
            locals.push(`${local}=${SYMBOL}`);
          } else if (bindings.startsWith('{')) {
            const names = bindings.slice(1, -1).split(',').map((b) => b.trim()).filter(Boolean).map((b) => b.split(/\s+as\s+/));
            for (const [name] of names) used.add(name);
            for (const [name, local] of names) reads.push(`${keyOf(name)}:${local ?? name}`);
          } else if (bindings) this.error(`${chunk.fileName}: a shared module has no default export (${statement})`);
          // (An import for its side effects alone needs nothing: the loader has run the module.)
          cuts.push({ offset: match.index, length: statement.length });
        }
        const map = bundle[`${chunk.fileName}.map`];
        const json = cuts.length && map?.type === 'asset' ? JSON.parse(String(map.source)) : undefined;
        if (cuts.length && !json) this.error(`${chunk.fileName}: no source map to cut the shared imports out of`);
        if (json) ({ code: chunk.code, mappings: json.mappings } = cutCode(chunk.code, json.mappings, cuts));
        const left = chunk.code.indexOf(prefix);
        if (left >= 0) this.error(`${chunk.fileName}: a shared module is imported in a way the build cannot rewrite: …${chunk.code.slice(Math.max(0, left - 120), left + 80)}…`);
        if (!json) continue;
        if (reads.length || locals.length) {
          // One read of all of them, on a line of its own above the code (the map moves a line down).
          chunk.code = `const ${[...(reads.length ? [`{${reads.join(',')}}=${SYMBOL}`] : []), ...locals].join(',')};\n${chunk.code}`;
          json.mappings = `;${json.mappings}`;
        }
        map.source = JSON.stringify(json);
      }
    },
  };
}

/** The loader's side: a module (imported first by main.ts) that puts on the symbol what the parts use. */
function forParts() {
  const id = 'virtual:shopscene-shared';
  return {
    name: 'for-parts',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load(resolved) {
      if (resolved !== `\0${id}`) return null;
      const all = [...sharedUse].flatMap(([, names]) => [...names]);
      const clash = all.find((name, i) => all.indexOf(name) !== i);
      if (clash) this.error(`two shared modules export "${clash}": rename one`);
      const imports = [...sharedUse].map(([file, names]) => `import { ${[...names].join(', ')} } from ${JSON.stringify(file)};`).join('\n');
      // Each under its short key; those read by name under their name too.
      const entries = all.flatMap((name) => [...(keys.has(name) ? [`${keys.get(name)}: ${name}`] : []), ...(byName.has(name) ? [name] : [])]);
      return `${imports}\nObject.defineProperty(globalThis, Symbol.for(${JSON.stringify(SHARED_KEY)}), { value: { ${entries.join(', ')} }, configurable: true });\n`;
    },
  };
}

const banner = `/*! shopscene ${pkg.version} | MIT | notices: THIRD_PARTY_NOTICES.txt */`;
const shared = {
  configFile: false,
  root: here,
  logLevel: 'warn',
  resolve: { conditions: ['source'] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [zodForThePage(), compactCss()],
};

rmSync(join(here, 'dist'), { recursive: true, force: true });

// 1. The parts: what a page with widgets fetches, shared code in chunks of its own. (Library mode:
// Vite then adds no preload helper to each dynamic import; rolldown's own minifier takes the
// whitespace out too, which library mode otherwise keeps.)
/** What every bundle of the folder is built with: into the folder, minified, with source maps. */
const output = { outDir: out, emptyOutDir: false, target: 'es2020', minify: true, sourcemap: true };
const buildParts = (entry) =>
  build({
    ...shared,
    plugins: [...shared.plugins, fromLoader()],
    build: {
      ...output,
      lib: { entry, formats: ['es'] },
      // (No /* @__PURE__ */ annotations left in: they are for a bundler downstream, and nothing bundles a part again.)
      rollupOptions: { output: { entryFileNames: 'parts/[name]-[hash:6].js', chunkFileNames: 'parts/[name]-[hash:6].js', minify: true, comments: { annotation: false } } },
    },
  });
const parts = await buildParts({ waterfall: join(here, 'src/parts/waterfall.ts'), festival: join(here, 'src/parts/festival.ts'), outbox: join(here, 'src/parts/outbox.ts') });
// The small parts each on their own: they share a few helpers with the others, and sharing them would
// split those into chunks of their own that every widget page then fetches.
const alone = [];
for (const name of ['data-layer', 'preview', 'traits']) alone.push(await buildParts({ [name.replace('-', '')]: join(here, `src/parts/${name}.ts`) }));
const files = {};
/** Every file of the parts and what it imports, for the size report (which files each kind of page fetches). */
const chunks = {};
for (const output of [parts, ...alone]) {
  for (const chunk of (Array.isArray(output) ? output[0] : output).output) {
    if (chunk.type !== 'chunk') continue;
    if (chunk.isEntry) files[chunk.name] = chunk.fileName;
    // The files each imports (the shared modules are the loader's, not files).
    const onDisk = (list) => list.filter((file) => !file.startsWith('shopscene-shared:'));
    chunks[chunk.fileName] = { name: chunk.name, imports: onDisk(chunk.imports), dynamicImports: onDisk(chunk.dynamicImports) };
  }
}

/**
 * Core modules the loader takes from a part on demand: the tracker imports each, and awaits what it
 * answers, so a stand-in that fetches the part the first time it is asked can take its place here.
 */
function onDemand() {
  const tracker = join(here, '../core/src/tracker/create-tracker.ts');
  const standIns = { [join(here, '../core/src/profile/traits.ts')]: join(here, 'src/traits-on-demand.ts') };
  return {
    name: 'on-demand',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (importer !== tracker) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return (resolved && standIns[resolved.id]) ?? null;
    },
  };
}

/**
 * Dynamic imports in core are for the parts (a catalog's streaming reader, its ranking checks): the
 * loader runs none of that code, and following them would make the bundler wrap every module they
 * share with the loader in a lazy initialiser. Left as they are, they fall away with the unused code.
 */
function loaderSkipsCoreOnDemand() {
  const core = join(here, '../core/src/');
  return { name: 'loader-skips-core-on-demand', resolveDynamicImport: (_specifier, importer) => (importer?.startsWith(core) ? false : null) };
}

// 2. The loader: one classic script with a fixed name, which knows where its parts are.
await build({
  ...shared,
  plugins: [...shared.plugins, onDemand(), forParts(), loaderSkipsCoreOnDemand()],
  define: { __SHOPSCENE_PARTS__: JSON.stringify(files) },
  build: {
    ...output,
    lib: { entry: join(here, 'src/main.ts'), formats: ['iife'], fileName: () => 'shopscene.js', name: 'shopsceneLoader' },
  },
});

// The worker that starts the browser's number formatting off the main thread (see the file).
writeFileSync(join(out, 'parts/intl.js'), readFileSync(join(here, 'src/warm-intl-worker.js'), 'utf8').replace(/^\/\/.*\n/gm, ''));

// 3. The licence banner on every file (the minifier drops comments), its source map moved a line down.
// What runs while a page with the waterfall loads — the loader, the waterfall part, the chunks that
// part imports, and the reader of a large static catalog — is marked for eager compilation (V8's
// compile hint, Chrome 136+): compiled on a background thread as it streams in, not function by
// function on the main thread when first called (traced: ~100 ms of the main thread at 4x CPU before
// the first card, ~12 ms with the hint). Other browsers ignore the line.
const eager = new Set(['shopscene.js', files.waterfall, ...chunks[files.waterfall].imports, ...chunks[files.waterfall].dynamicImports.filter((f) => chunks[f]?.name === 'read-json-array')]);
if (eager.size !== 4) throw new Error(`expected the loader, the waterfall part, its view chunk and the catalog reader; found ${[...eager].join(', ')}`);
for (const file of ['shopscene.js', ...readdirSync(join(out, 'parts')).filter((f) => f.endsWith('.js')).map((f) => `parts/${f}`)]) {
  const path = join(out, file);
  const head = eager.has(file) ? `//# allFunctionsCalledOnLoad\n${banner}\n` : `${banner}\n`;
  writeFileSync(path, `${head}${readFileSync(path, 'utf8')}`);
  try {
    const map = JSON.parse(readFileSync(`${path}.map`, 'utf8'));
    map.mappings = `${';'.repeat(head.split('\n').length - 1)}${map.mappings}`;
    writeFileSync(`${path}.map`, JSON.stringify(map));
  } catch {}
}

// 4. Licences: ours, and those of the code the files carry.
const requirers = ['package.json', '../core/package.json', '../widgets/package.json'].map((p) => createRequire(join(here, p)));
const resolve = (name) => {
  for (const r of requirers) {
    try {
      return r.resolve(name);
    } catch {}
  }
  throw new Error(`cannot resolve ${name}`);
};
/** The folder of an installed package: up from its entry file to the package.json that names it. */
const packageDir = (name) => {
  let dir = dirname(resolve(name));
  while (dir !== dirname(dir)) {
    try {
      if (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === name) return dir;
    } catch {}
    dir = dirname(dir);
  }
  throw new Error(`cannot find the package folder of ${name}`);
};
const licence = (name) => {
  const dir = packageDir(name);
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return `${name}@${version}\n${'-'.repeat(name.length + version.length + 1)}\n${file ? readFileSync(join(dir, file), 'utf8').trim() : '(no licence file)'}\n`;
};
writeFileSync(
  join(out, 'THIRD_PARTY_NOTICES.txt'),
  `shopscene ${pkg.version} includes code from these packages, under their licences:\n\n${['preact', '@preact/signals-core', 'idb-keyval', 'zod'].map(licence).join('\n')}`,
);
writeFileSync(join(out, 'LICENSE'), readFileSync(join(here, '../../LICENSE'), 'utf8'));

const loader = readFileSync(join(out, 'shopscene.js'));
const integrity = `sha384-${createHash('sha384').update(loader).digest('base64')}`;
writeFileSync(join(out, 'integrity.json'), `${JSON.stringify({ 'shopscene.js': integrity }, null, 2)}\n`);
writeFileSync(join(out, 'parts.json'), `${JSON.stringify({ entries: files, chunks }, null, 2)}\n`);
mkdirSync(join(here, 'dist'), { recursive: true });
console.log(`built dist/${FOLDER}/: shopscene.js (integrity ${integrity}) and ${Object.keys(files).length} parts`);
