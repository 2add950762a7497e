// Builds the pages `pnpm bench` scrolls: the same 10,000 products as our waterfall (the script tag)
// and as masonic's and virtua's masonry (React 19), with the same card markup, into bench/dist/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = join(here, 'dist');
rmSync(join(out, 'assets'), { recursive: true, force: true });
mkdirSync(join(out, 'img'), { recursive: true });

/** Seven image shapes, as a store's photos come: portrait, square, landscape. */
const SIZES = [[600, 600], [600, 800], [600, 750], [600, 900], [800, 600], [600, 700], [640, 480]];
SIZES.forEach(([w, h], i) => writeFileSync(join(out, 'img', `${i}.svg`), `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="hsl(${i * 50} 60% 85%)"/></svg>`));
const products = Array.from({ length: 10_000 }, (_, i) => {
  const [width, height] = SIZES[(i * 7) % SIZES.length];
  return {
    id: `b-${i}`,
    title: `Product ${i} with a name of a realistic length`,
    url: `/p/${i}`,
    price: ((i * 37) % 500) + 0.99,
    currency: 'USD',
    categories: [`Group ${i % 10}`, `Category ${i % 100}`],
    image: { url: `/img/${(i * 7) % SIZES.length}.svg`, width, height, alt: '' },
    popularity: (i * 7919) % 10_000,
  };
});
writeFileSync(join(out, 'catalog.json'), JSON.stringify(products));

// Ours: the script tag a merchant pastes, as the README gives it (deferred), and nothing else.
writeFileSync(
  join(out, 'shopscene.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>shopscene</title><style>body{margin:0;font:14px system-ui}</style>
<script src="/embed/shopscene.js" data-catalog="/catalog.json" defer></script></head>
<body><main style="max-width:1200px;margin:0 auto"><div data-shopscene="guess-you-like" data-heading="" data-page-size="24"></div></main></body></html>`,
);

// The peers, each a React page built by Vite.
const page = (name) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title><link rel="stylesheet" href="/src/card.css"></head><body><main id="root" style="max-width:1200px;margin:0 auto"></main><script type="module" src="/src/${name}.tsx"></script></body></html>`;
for (const name of ['masonic', 'virtua']) writeFileSync(join(here, `${name}.html`), page(name));
await build({
  root: here,
  configFile: false,
  logLevel: 'warn',
  mode: 'production',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react', development: false } },
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: out,
    emptyOutDir: false,
    rollupOptions: {
      input: { masonic: join(here, 'masonic.html'), virtua: join(here, 'virtua.html') },
      // virtua's "use client" (a React Server Components marker) means nothing in a page bundle.
      onwarn: (warning, warn) => warning.code !== 'MODULE_LEVEL_DIRECTIVE' && warn(warning),
    },
  },
});
console.log('bench pages → bench/dist/');
