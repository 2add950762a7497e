#!/usr/bin/env node
// Lists the import circles among the packages' source files: every import counts, type-only ones
// too (a circle through a type is still two files that cannot be read one before the other).
// `node scripts/import-circles.mjs` prints them and exits 1 when there is any; test/architecture.test.ts
// runs it. Imports are read with TypeScript's own pre-processor; `@shopscene/*` names resolve to the
// package's source as tsconfig.json says.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The source files of every package (tests and their support left out: they import whatever they test). */
export function sourceFiles(dir = join(root, 'packages')) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'test-support') continue;
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name) && path.includes(`${sep}src${sep}`)) out.push(path);
  }
  return out;
}

const paths = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).compilerOptions.paths;

/** Where an import specifier of `from` leads, when it is one of ours. */
function resolveImport(from, specifier) {
  const mapped = paths[specifier]?.[0];
  if (mapped) return join(root, mapped);
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** file → the files of ours it imports. */
export function importGraph(files = sourceFiles()) {
  const graph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set();
    for (const { fileName } of importedFiles) {
      const target = resolveImport(file, fileName);
      if (target && target !== file) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The circles: strongly connected components of more than one file (Tarjan), each as a path. */
export function importCircles(graph = importGraph()) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const circles = [];
  const visit = (v) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indices.get(w)));
    }
    if (low.get(v) === indices.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) circles.push(component.map((f) => relative(root, f)).sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return circles;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const circles = importCircles();
  if (!circles.length) console.log('no import circles in packages/');
  for (const circle of circles) console.log(`import circle: ${circle.join(' ↔ ')}`);
  process.exitCode = circles.length ? 1 : 0;
}
