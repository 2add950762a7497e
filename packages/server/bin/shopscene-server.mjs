#!/usr/bin/env node
// shopscene-server: the backend of shopscene's HTTP contract. Run `shopscene-server help`.
// Runs the built server (dist/) when installed; in the shopscene repository before a build, its
// source and core's (through Vite).
async function load() {
  try {
    return await import('../dist/cli.js');
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli.js')) throw error;
    const { runnerImport } = await import('vite');
    const core = (path) => new URL(`../../core/${path}`, import.meta.url).pathname;
    const alias = [
      { find: '@shopscene/core/related', replacement: core('src/related/index.ts') },
      { find: '@shopscene/core/json-positions', replacement: core('bin/json-positions.mjs') },
      { find: '@shopscene/core/openapi.json', replacement: core('openapi.json') },
      { find: /^@shopscene\/core$/, replacement: core('src/index.ts') },
    ];
    return (await runnerImport(new URL('../src/cli.ts', import.meta.url).pathname, { configFile: false, logLevel: 'silent', resolve: { alias } })).module;
  }
}
const { main } = await load();
process.exitCode = await main(process.argv.slice(2));
