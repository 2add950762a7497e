// Builds the demo catalog from ./data: products in our Product shape, with local images of known size.
// Run by `pnpm --filter demo build` (and so by the demo and test commands); writes public/generated/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, '..', 'data');
const out = join(here, '..', 'public', 'generated');
mkdirSync(join(out, 'img'), { recursive: true });

/** DummyJSON and Fake Store categories → our path, broad → narrow. */
const CATEGORIES = {
  beauty: ['Beauty & Care', 'Beauty'],
  fragrances: ['Beauty & Care', 'Fragrances'],
  'skin-care': ['Beauty & Care', 'Skin care'],
  furniture: ['Home', 'Furniture'],
  'home-decoration': ['Home', 'Home decoration'],
  'kitchen-accessories': ['Home', 'Kitchen accessories'],
  groceries: ['Food & Drink', 'Groceries'],
  laptops: ['Electronics', 'Laptops'],
  smartphones: ['Electronics', 'Smartphones'],
  tablets: ['Electronics', 'Tablets'],
  'mobile-accessories': ['Electronics', 'Mobile accessories'],
  electronics: ['Electronics', 'Computer accessories'],
  'mens-shirts': ['Fashion', "Men's shirts"],
  'mens-shoes': ['Fashion', "Men's shoes"],
  'mens-watches': ['Fashion', "Men's watches"],
  "men's clothing": ['Fashion', "Men's clothing"],
  tops: ['Fashion', 'Tops'],
  'womens-bags': ['Fashion', "Women's bags"],
  'womens-dresses': ['Fashion', "Women's dresses"],
  'womens-jewellery': ['Fashion', 'Jewellery'],
  jewelery: ['Fashion', 'Jewellery'],
  'womens-shoes': ['Fashion', "Women's shoes"],
  'womens-watches': ['Fashion', "Women's watches"],
  "women's clothing": ['Fashion', "Women's clothing"],
  sunglasses: ['Fashion', 'Sunglasses'],
  'sports-accessories': ['Sports & Outdoors', 'Sports accessories'],
  motorcycle: ['Vehicles', 'Motorcycles'],
  vehicle: ['Vehicles', 'Cars'],
};
const HUES = { 'Beauty & Care': 330, Home: 30, 'Food & Drink': 120, Electronics: 210, Fashion: 280, 'Sports & Outdoors': 170, Vehicles: 0 };
/** Placeholder sizes: a mix of portrait, square and landscape, so the waterfall is a waterfall. */
const SIZES = [[600, 600], [600, 800], [600, 750], [600, 900], [800, 600], [600, 700], [640, 480]];

const hash = (s) => [...s].reduce((h, c) => (Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0), 2166136261);
const esc = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if ((line + ' ' + word).trim().length > width && line) (lines.push(line), (line = word));
    else line = (line + ' ' + word).trim();
  }
  if (line) lines.push(line);
  return lines.slice(0, 4);
}

function placeholder(id, title, brand, path, [w, h]) {
  const hue = HUES[path[0]] ?? 200;
  const lines = wrap(title, w > h ? 22 : 16);
  const y0 = h / 2 - (lines.length * 44) / 2;
  const text = lines.map((l, i) => `<text x="${w / 2}" y="${y0 + i * 44}" font-size="36" text-anchor="middle" fill="hsl(${hue} 45% 22%)" font-family="sans-serif" font-weight="700">${esc(l)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<rect width="${w}" height="${h}" fill="hsl(${hue} 70% 90%)"/>` +
    `<circle cx="${w * 0.82}" cy="${h * 0.16}" r="${w * 0.22}" fill="hsl(${hue} 70% 82%)"/>` +
    text +
    `<text x="${w / 2}" y="${h - 40}" font-size="26" text-anchor="middle" fill="hsl(${hue} 30% 40%)" font-family="sans-serif">${esc(brand ?? path[1])}</text></svg>`;
}

const catalog = [];
for (const p of JSON.parse(readFileSync(join(data, 'dummyjson', 'products.json'), 'utf8'))) {
  const id = `dj-${p.id}`;
  const path = CATEGORIES[p.category];
  const size = SIZES[hash(id) % SIZES.length];
  writeFileSync(join(out, 'img', `${id}.svg`), placeholder(id, p.title, p.brand, path, size));
  const original = p.discountPercentage > 0 ? Math.round((p.price / (1 - p.discountPercentage / 100)) * 100) / 100 : undefined;
  catalog.push({
    id,
    title: p.title,
    url: `/product.html?id=${id}`,
    price: p.price,
    currency: 'USD',
    ...(original && original > p.price ? { originalPrice: original } : {}),
    ...(p.brand ? { brand: p.brand } : {}),
    categories: path,
    tags: p.tags ?? [],
    image: { url: `/generated/img/${id}.svg`, width: size[0], height: size[1], alt: p.title },
    rating: p.rating,
    // Popularity from rating and review count: the store's "bestseller" signal for a new shopper.
    popularity: Math.round(p.rating * p.rating * 12 + (p.reviews?.length ?? 0) * 4),
    inStock: p.stock > 0,
    description: p.description,
  });
}
for (const p of JSON.parse(readFileSync(join(data, 'fakestore', 'products_with_image_dims.json'), 'utf8'))) {
  const id = `fs-${p.id}`;
  const file = p.image_file.replace(/^img\//, '');
  copyFileSync(join(data, 'fakestore', 'img', file), join(out, 'img', file));
  catalog.push({
    id,
    title: p.title,
    url: `/product.html?id=${id}`,
    price: p.price,
    currency: 'USD',
    categories: CATEGORIES[p.category],
    tags: [],
    image: { url: `/generated/img/${file}`, width: p.width, height: p.height, alt: p.title },
    popularity: 60 + (p.id * 37) % 120,
    inStock: true,
  });
}
writeFileSync(join(out, 'catalog.json'), JSON.stringify(catalog));

// Related lists ("Shoppers also viewed"), built by our command line from the demo's shopping history
// (generated: see build-sessions.mjs), exactly as a merchant builds them from their own log.
const { demoSessions } = await import('./build-sessions.mjs');
writeFileSync(join(out, 'sessions.jsonl'), `${demoSessions(catalog).join('\n')}\n`);
execFileSync(process.execPath, [join(here, '..', '..', 'packages', 'core', 'bin', 'shopscene.mjs'), 'related', join(out, 'sessions.jsonl'), '--catalog', join(out, 'catalog.json'), '--out', join(out, 'catalog.json')], { stdio: ['ignore', 'inherit', 'inherit'] });

// All demo scenes in one config, so every page knows them (the home waterfall mixes in the active one).
const sceneFiles = ['spring-festival', 'double-11', 'valentines'].map((n) => JSON.parse(readFileSync(join(here, '..', 'public', 'scenes', `${n}.json`), 'utf8')));
const scenes = {
  $schema: '/scene-config.schema.json',
  themes: Object.assign({}, ...sceneFiles.map((c) => c.themes)),
  scenes: sceneFiles.flatMap((c) => c.scenes),
};
writeFileSync(join(out, 'scenes.json'), JSON.stringify(scenes, null, 2));
console.log(`demo catalog: ${catalog.length} products → public/generated/catalog.json`);
