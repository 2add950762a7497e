// Import circles among the packages' source files (#21): none may appear.
import { expect, test } from 'vitest';
// @ts-expect-error: a plain ESM script of the repository
import { importCircles, importGraph } from '../scripts/import-circles.mjs';

test('no import circle in packages/', () => {
  const graph: Map<string, Set<string>> = importGraph();
  expect(graph.size).toBeGreaterThan(100); // it read the sources
  expect((importCircles(graph) as string[][]).map((c) => c.join(' ↔ '))).toEqual([]);
});

test('the finder finds a circle, through a type import too', () => {
  const a = '/x/a.ts';
  const b = '/x/b.ts';
  const c = '/x/c.ts';
  const circles = importCircles(new Map([[a, new Set([b])], [b, new Set([c])], [c, new Set([a])]]));
  expect(circles).toHaveLength(1);
  expect(circles[0]).toHaveLength(3);
  expect(importCircles(new Map([[a, new Set([b])], [b, new Set()]]))).toEqual([]);
});
