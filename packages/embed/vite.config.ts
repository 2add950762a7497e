import { defineConfig } from 'vite';

// One IIFE file, shopscene.js, built from the packages' sources; it adds exactly one global, window.shopscene.
export default defineConfig({
  resolve: { conditions: ['source'] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2020',
    minify: true,
    sourcemap: true,
    emptyOutDir: true,
    lib: { entry: 'src/main.ts', formats: ['iife'], fileName: () => 'shopscene.js', name: 'shopsceneEmbed' },
  },
});
