import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const embed = fileURLToPath(new URL('../packages/embed/dist/shopscene.js', import.meta.url));
const schema = fileURLToPath(new URL('../packages/core/scene-config.schema.json', import.meta.url));
const pages = ['index', 'category', 'product', 'search', 'cart', 'checkout', 'preact', 'festival', 'playground'];

/** Serves and ships the built script-tag file at /shopscene.js, as a merchant would host it, and the scene JSON Schema. */
function shopsceneEmbed(): Plugin {
  return {
    name: 'shopscene-embed',
    configureServer(server) {
      server.middlewares.use('/shopscene.js', (_req, res) => {
        res.setHeader('content-type', 'text/javascript');
        res.end(readFileSync(embed));
      });
      server.middlewares.use('/scene-config.schema.json', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(readFileSync(schema));
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'shopscene.js', source: readFileSync(embed, 'utf8') });
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
