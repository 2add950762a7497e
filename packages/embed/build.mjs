// Builds the script tag: the parts (ES modules, content-hashed, sharing chunks), then the loader
// (one classic script, shopscene.js) that knows their file names. Writes a versioned, self-contained
// folder, dist/shopscene@<version>/, with source maps, the licence and third-party notices, and
// prints the loader's subresource-integrity hash. `pnpm --filter @shopscene/embed build`.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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

const banner = `/*! shopscene ${pkg.version} | MIT | third-party notices: THIRD_PARTY_NOTICES.txt */`;
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
    build: {
      ...output,
      lib: { entry, formats: ['es'] },
      rollupOptions: { output: { entryFileNames: 'parts/[name]-[hash].js', chunkFileNames: 'parts/[name]-[hash].js', minify: true } },
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
    chunks[chunk.fileName] = { imports: chunk.imports, dynamicImports: chunk.dynamicImports };
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

// 2. The loader: one classic script with a fixed name, which knows where its parts are.
await build({
  ...shared,
  plugins: [...shared.plugins, onDemand()],
  define: { __SHOPSCENE_PARTS__: JSON.stringify(files) },
  build: {
    ...output,
    lib: { entry: join(here, 'src/main.ts'), formats: ['iife'], fileName: () => 'shopscene.js', name: 'shopsceneLoader' },
  },
});

// 3. The licence banner on every file (the minifier drops comments), its source map moved a line down.
for (const file of ['shopscene.js', ...readdirSync(join(out, 'parts')).filter((f) => f.endsWith('.js')).map((f) => `parts/${f}`)]) {
  const path = join(out, file);
  writeFileSync(path, `${banner}\n${readFileSync(path, 'utf8')}`);
  try {
    const map = JSON.parse(readFileSync(`${path}.map`, 'utf8'));
    map.mappings = `;${map.mappings}`;
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
