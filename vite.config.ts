import { configDefaults, defineConfig } from 'vitest/config';

// Runs every package from source (the `source` export condition), so tests need no build of the libraries.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, 'packages/server/**'],
          environment: 'happy-dom',
          // A ceiling for CPU-bound tests on a busy 2-core machine (vitest's 5 s is for a quiet one);
          // nothing here waits on a timer of ours.
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // The server's suite: on PGlite and on a real PostgreSQL server the global setup starts.
          name: 'server',
          include: ['packages/server/src/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['packages/server/src/test-support/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/**/*.tmp.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // expect.poll waits for what the page does; vitest's 1 s suits a quiet machine, not a busy one.
          // A poll ends as soon as its condition holds, so a generous deadline costs a passing test nothing.
          expect: { poll: { timeout: 20_000 } },
          // Two cores: one browser at a time keeps timings (impressions, scrolling) honest.
          fileParallelism: false,
        },
      },
    ],
  },
});
