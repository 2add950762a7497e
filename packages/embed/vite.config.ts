import { defineConfig, type Plugin } from 'vite';

/**
 * zod keeps its settings on `globalThis.__zod_globalConfig`; in our script-tag file that would be a
 * second global on the merchant's page. Keep it module-local instead (zod's own config API still works).
 */
function zodConfigStaysLocal(): Plugin {
  return {
    name: 'zod-config-stays-local',
    transform(code, id) {
      if (!/zod\/v4\/core\/core\.js$/.test(id)) return;
      const local = code
        .replace(/\(_a = globalThis\)\.__zod_globalConfig \?\? \(_a\.__zod_globalConfig = \{\}\);/, '')
        .replaceAll('globalThis.__zod_globalConfig', '__zodLocalConfig');
      if (local.includes('globalThis')) this.error('zod changed how it keeps its config: update zodConfigStaysLocal');
      // One line added at the top; the rest is unchanged text, so line mappings stay close enough.
      return { code: `const __zodLocalConfig = {};${local}`, map: null };
    },
  };
}

// One IIFE file, shopscene.js, built from the packages' sources; it adds exactly one global, window.shopscene.
export default defineConfig({
  resolve: { conditions: ['source'] },
  plugins: [zodConfigStaysLocal()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2020',
    minify: true,
    sourcemap: true,
    emptyOutDir: true,
    lib: { entry: 'src/main.ts', formats: ['iife'], fileName: () => 'shopscene.js', name: 'shopsceneEmbed' },
  },
});
