import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const embedPackage = JSON.parse(readFileSync(new URL('../packages/embed/package.json', import.meta.url), 'utf8')) as { version: string };
/** The built script tag: the loader and its parts, as a merchant would host the folder. */
const embed = fileURLToPath(new URL(`../packages/embed/dist/shopscene@${embedPackage.version}/`, import.meta.url));
const embedFiles = (dir = embed, prefix = ''): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? embedFiles(join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`]));
const schema = fileURLToPath(new URL('../packages/core/scene-config.schema.json', import.meta.url));
const pages = ['index', 'category', 'product', 'search', 'cart', 'checkout', 'preact', 'festival', 'playground'];

/** Serves and ships the built script tag at /shopscene.js (its parts beside it in /parts/), as a merchant would host it, and the scene JSON Schema. */
function shopsceneEmbed(): Plugin {
  return {
    name: 'shopscene-embed',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]!.slice(1);
        if (path !== 'shopscene.js' && !path.startsWith('parts/')) return next();
        res.setHeader('content-type', path.endsWith('.map') ? 'application/json' : 'text/javascript');
        res.end(readFileSync(join(embed, path)));
      });
      server.middlewares.use('/scene-config.schema.json', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(readFileSync(schema));
      });
    },
    generateBundle() {
      for (const file of embedFiles()) this.emitFile({ type: 'asset', fileName: file, source: readFileSync(join(embed, file)) });
      this.emitFile({ type: 'asset', fileName: 'scene-config.schema.json', source: readFileSync(schema, 'utf8') });
    },
  };
}

export default defineConfig({
  resolve: { conditions: ['source'] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [shopsceneEmbed()],
  build: {
    rollupOptions: { input: Object.fromEntries(pages.map((p) => [p, fileURLToPath(new URL(`${p}.html`, import.meta.url))])) },
  },
});
