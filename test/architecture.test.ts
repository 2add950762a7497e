// ARCHITECTURE.md matches the code (#21): every path it names exists.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');
const map = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');

test('every path ARCHITECTURE.md names exists', () => {
  // Paths in backticks under the repository's folders (a file or a folder).
  const paths = [...map.matchAll(/`((?:packages|test|scripts|collector|bench|demo|docs)\/[\w./@-]+)`/g)].map((m) => m[1]!);
  expect(paths.length).toBeGreaterThan(60);
  expect(paths).toContain('packages/core/src/outbox/create-outbox.ts');
  expect(paths.filter((p) => !existsSync(join(root, p)))).toEqual([]);
});
