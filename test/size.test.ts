// Acceptance: bundle sizes stay within their budgets, and a tracker-only import carries no UI.
import { beforeAll, expect, test } from 'vitest';
// @ts-expect-error: plain ESM script shared with `pnpm size`
import { measure } from '../scripts/size.mjs';

interface Row {
  name: string;
  raw: number;
  gzip: number;
  brotli: number;
  modules: string[];
  budget: { raw: number; gzip: number; brotli: number; mustNotInclude: string[] };
}

let rows: Row[];
beforeAll(async () => {
  rows = (await measure()) as Row[];
});

test.each(['shopscene.js (script tag)', 'core: createTracker + startAutoCapture'])('%s stays within its budget', (name) => {
  const row = rows.find((r) => r.name === name)!;
  expect(row.raw, 'raw bytes').toBeLessThanOrEqual(row.budget.raw);
  expect(row.gzip, 'gzip bytes').toBeLessThanOrEqual(row.budget.gzip);
  expect(row.brotli, 'brotli bytes').toBeLessThanOrEqual(row.budget.brotli);
});

test('a tracker-only import of core pulls in no Preact, widgets, ranking or models', () => {
  const row = rows.find((r) => r.name.startsWith('core:'))!;
  expect(row.modules.some((m) => m.includes('/tracker/create-tracker.ts'))).toBe(true);
  for (const banned of row.budget.mustNotInclude) expect(row.modules.filter((m) => m.includes(banned))).toEqual([]);
});

test('the script-tag file adds no eval and no Function constructor', async () => {
  const { readFileSync } = await import('node:fs');
  const code = readFileSync(new URL('../packages/embed/dist/shopscene.js', import.meta.url), 'utf8');
  expect(code).not.toMatch(/\beval\(|new Function\(/);
});
