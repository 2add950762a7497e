// The published packages as an app gets them (#11): packs @shopscene/core and @shopscene/widgets,
// installs the tarballs with npm into three fresh Vite apps — Preact 10, Preact 11, and React 19
// using the custom element — then type-checks, builds and renders each in Chromium. Run after
// `pnpm build` (the test command does). Needs the npm registry for the apps' own dependencies.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'shopscene-packages-'));
const keep = process.env.KEEP === '1';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, CI: 'true', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' } });

// 1. The tarballs, exactly as `pnpm publish` would upload them.
const tarballs = {};
for (const name of ['core', 'widgets']) {
  const out = run('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', work], join(root, 'packages', name));
  tarballs[name] = out.trim().split('\n').at(-1).trim();
  if (!existsSync(tarballs[name])) tarballs[name] = join(work, readdirSync(work).find((f) => f.includes(name) && f.endsWith('.tgz')));
}
const listing = (tgz) => run('tar', ['tzf', tgz], work).split('\n').filter(Boolean);
const problems = [];
for (const [name, tgz] of Object.entries(tarballs)) {
  const files = listing(tgz);
  const manifest = JSON.parse(run('tar', ['xzOf', tgz, 'package/package.json'], work));
  for (const needed of ['package/README.md', 'package/LICENSE', 'package/dist/index.js', 'package/dist/index.d.ts']) if (!files.includes(needed)) problems.push(`${name}: the tarball lacks ${needed.slice(8)}`);
  if (files.some((f) => f.startsWith('package/src/') || f.endsWith('.map') || f.includes('.test.'))) problems.push(`${name}: the tarball carries sources, maps or tests`);
  if (!manifest.repository || !manifest.license || !manifest.types) problems.push(`${name}: package.json lacks repository, license or types`);
  if (JSON.stringify(manifest.exports).includes('"source"')) problems.push(`${name}: exports name ./src files the tarball does not have`);
  if (JSON.stringify(manifest).includes('workspace:')) problems.push(`${name}: a workspace: range is left in package.json`);
  if (manifest.dependencies?.preact || manifest.dependencies?.['@preact/signals-core']) problems.push(`${name}: preact or signals is a plain dependency (must be a peer)`);
}

// 2. Three apps, each with its own framework, and our packages from the tarballs.
const catalog = Array.from({ length: 24 }, (_, i) => ({
  id: `m-${i}`, title: `Matrix product ${i}`, url: `/p/${i}`, price: 5 + i, currency: 'USD', categories: ['Tea'],
  image: { url: '/img.svg', width: 600, height: 600 + (i % 4) * 100, alt: '' }, popularity: 100 - i,
}));
const preactApp = `import { render } from 'preact';
import { useState } from 'preact/hooks';
import { createShopscene, staticAdapter } from '@shopscene/core';
import { GuessYouLike, defineElements } from '@shopscene/widgets';

const shopscene = createShopscene({ adapter: staticAdapter({ catalog: '/catalog.json' }) });
defineElements(shopscene);
function App() {
  const [size] = useState(6); // the app's own hooks and the widget's share one Preact
  return (
    <main>
      <div id="component"><GuessYouLike shopscene={shopscene} pageSize={size} /></div>
      <shopscene-guess-you-like id="element" page-size="4" heading="As an element" />
    </main>
  );
}
render(<App />, document.getElementById('app')!);
const found: HTMLElement | null = document.querySelector('shopscene-guess-you-like');
void found;
`;
const reactApp = `import { createRoot } from 'react-dom/client';
import { createShopscene, staticAdapter } from '@shopscene/core';
import { defineElements } from '@shopscene/widgets';
import type {} from '@shopscene/widgets/react';

const shopscene = createShopscene({ adapter: staticAdapter({ catalog: '/catalog.json' }) });
defineElements(shopscene);
createRoot(document.getElementById('app')!).render(
  <main>
    <shopscene-guess-you-like id="element" page-size="6" heading="As an element" />
  </main>,
);
`;
const APPS = {
  'preact-10': { deps: { preact: '^10.29.0', '@preact/signals-core': '^1.8.0' }, source: preactApp, jsx: 'preact', types: [] },
  'preact-11': { deps: { preact: '^11.2.0', '@preact/signals-core': '^1.8.0' }, source: preactApp, jsx: 'preact', types: [] },
  'react-19': { deps: { react: '^19.2.0', 'react-dom': '^19.2.0', '@types/react': '^19.2.0', '@types/react-dom': '^19.2.0', '@preact/signals-core': '^1.8.0' }, source: reactApp, jsx: 'react', types: [] },
};
const server = createServer((req, res) => {
  const url = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const [app, ...rest] = url.slice(1).split('/');
  const path = rest.join('/') || 'index.html';
  if (url === '/catalog.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(catalog));
  if (url === '/img.svg') return void res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600"><rect width="600" height="600" fill="#ddd"/></svg>');
  const dist = join(work, app ?? '', 'dist');
  const file = normalize(join(dist, path));
  if (!file.startsWith(dist) || !existsSync(file)) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const results = [];
for (const [name, app] of Object.entries(APPS)) {
  const dir = join(work, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  const step = (label, fn) => {
    try {
      return fn();
    } catch (error) {
      throw new Error(`${name}: ${label} failed\n${error.stdout ?? ''}${error.stderr ?? error.message}`);
    }
  };
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({
      name: `matrix-${name}`, private: true, type: 'module',
      dependencies: { '@shopscene/core': `file:${tarballs.core}`, '@shopscene/widgets': `file:${tarballs.widgets}`, ...app.deps },
      devDependencies: { vite: '^8.0.0', typescript: '~5.9.0' },
      // The widgets' own dependency on core is the tarball too, never the registry.
      overrides: { '@shopscene/core': `file:${tarballs.core}` },
    }, null, 2));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], strict: true, noEmit: true, jsx: 'react-jsx', jsxImportSource: app.jsx, skipLibCheck: true, types: app.types },
      include: ['src'],
    }, null, 2));
    writeFileSync(join(dir, 'vite.config.js'), `export default { base: '/${name}/', oxc: { jsx: { runtime: 'automatic', importSource: '${app.jsx}' } } };\n`);
    writeFileSync(join(dir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title></head><body><div id="app"></div><script type="module" src="/src/main.tsx"></script></body></html>`);
    writeFileSync(join(dir, 'src', 'main.tsx'), app.source);
    step('npm install', () => run(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], dir));
    const copies = step('npm ls', () => run(npm, ['ls', 'preact', '--all', '--parseable'], dir)).split('\n').filter((l) => l.endsWith('node_modules/preact'));
    if (copies.length > 1) throw new Error(`${name}: ${copies.length} copies of preact installed`);
    step('type-check (tsc)', () => run('npx', ['tsc', '-p', '.'], dir));
    // Also under the old "node" resolution, which reads `types` and `typesVersions` instead of `exports`.
    writeFileSync(join(dir, 'tsconfig.node10.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { module: 'ESNext', moduleResolution: 'node' } }));
    step('type-check with moduleResolution "node"', () => run('npx', ['tsc', '-p', 'tsconfig.node10.json'], dir));
    step('vite build', () => run('npx', ['vite', 'build', '--logLevel', 'error'], dir));
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} for ${r.url()}`));
    await page.goto(`${origin}/${name}/`);
    const count = (selector) => page.evaluate((s) => document.querySelector(s)?.shadowRoot?.querySelectorAll('.ss-card').length ?? document.querySelector(s)?.querySelectorAll('.ss-card').length ?? 0, selector);
    const deadline = Date.now() + 30_000;
    const wanted = app.jsx === 'preact' ? ['#component', '#element'] : ['#element'];
    while (Date.now() < deadline && !(await Promise.all(wanted.map(count))).every((n) => n > 0)) await page.waitForTimeout(100);
    const cards = await Promise.all(wanted.map(count));
    await page.close();
    if (errors.length) throw new Error(`${name}: errors in the page: ${errors.join('; ')}`);
    if (!cards.every((n) => n > 0)) throw new Error(`${name}: no cards rendered (${wanted.map((w, i) => `${w}: ${cards[i]}`).join(', ')})`);
    results.push(`${name}: installed, type-checked (bundler and node resolution), built, rendered ${wanted.map((w, i) => `${w} ${cards[i]} cards`).join(', ')}`);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
}
await browser.close();
server.close();
if (!keep) rmSync(work, { recursive: true, force: true });
console.log(`\npackages in fresh apps\n  ${results.join('\n  ')}`);
if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n  ${problems.join('\n  ')}${keep ? `\n(apps kept in ${work})` : ''}`);
  process.exit(1);
}
