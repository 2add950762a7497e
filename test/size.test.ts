// Acceptance: the hard size budgets hold, a tracker-only import carries no UI, no bundle evaluates code.
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, expect, test } from 'vitest';
// @ts-expect-error: plain ESM script shared with `pnpm size`
import { BUDGETS, measure } from '../scripts/size.mjs';
import { EMBED_DIR } from './support/embed.ts';

interface Row {
  name: string;
  raw: number;
  gzip: number;
  brotli: number;
  files: string[];
  modules: string[];
  budget: { gzip: number; mustNotInclude?: string[] } | null;
}

let rows: Row[];
beforeAll(async () => {
  rows = (await measure()) as Row[];
});

test.each(Object.keys(BUDGETS))('%s stays within its gzip budget', (name) => {
  const row = rows.find((r) => r.name === name)!;
  expect(row.gzip, `${name}: ${row.files.join(', ')}`).toBeLessThanOrEqual(row.budget!.gzip);
});

test('a tracker-only import of core pulls in no Preact, zod, widgets, ranking, scenes or models', () => {
  const row = rows.find((r) => r.name.startsWith('core:'))!;
  expect(row.modules.some((m) => m.includes('/tracker/create-tracker.ts'))).toBe(true);
  for (const banned of row.budget!.mustNotInclude!) expect(row.modules.filter((m) => m.includes(banned))).toEqual([]);
});

test('no file of the script tag evaluates code (no eval, no Function constructor), and each carries the licence banner', () => {
  const files = ['shopscene.js', ...readdirSync(`${EMBED_DIR}parts`).filter((f) => f.endsWith('.js')).map((f) => `parts/${f}`)];
  for (const file of files) {
    const code = readFileSync(`${EMBED_DIR}${file}`, 'utf8');
    expect(code, file).not.toMatch(/\beval\(|new Function\(/);
    // (Under a compile hint, on the files that have one: see embed-build.test.ts.)
    expect(code.slice(0, 150), file).toMatch(/^(\/\/# allFunctionsCalledOnLoad\n)?\/\*! shopscene \d+\.\d+\.\d+ \| MIT/);
  }
});
