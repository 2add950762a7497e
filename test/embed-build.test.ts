// The script tag's folder as built: its source maps point where they say (the build cuts the parts'
// imports of the loader's modules out and moves the columns after them), and what runs while a
// waterfall page loads carries V8's compile hint.
import { readdirSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { EMBED_DIR } from './support/embed.ts';

const scripts = ['shopscene.js', ...readdirSync(join(EMBED_DIR, 'parts')).filter((f) => f.endsWith('.js') && f !== 'intl.js').map((f) => `parts/${f}`)];
const manifest = JSON.parse(readFileSync(join(EMBED_DIR, 'parts.json'), 'utf8')) as { entries: Record<string, string>; chunks: Record<string, { name: string; imports: string[]; dynamicImports: string[] }> };

test("every file's source map points each message in the code at its own text in the sources", () => {
  let checked = 0;
  for (const file of scripts) {
    const lines = readFileSync(join(EMBED_DIR, file), 'utf8').split('\n');
    const raw = JSON.parse(readFileSync(join(EMBED_DIR, `${file}.map`), 'utf8')) as SourceMapPayload & { sourcesContent: string[] };
    const map = new SourceMap(raw);
    const wrong: string[] = [];
    lines.forEach((line, l) => {
      // Words in quotes (messages, attribute names): the minifier keeps them as they are written.
      for (const m of line.matchAll(/`([a-z][a-z ]{6,40})`|"([a-z][a-z -]{6,40})"/g)) {
        const text = m[1] ?? m[2]!;
        const entry = map.findEntry(l, m.index);
        if (!entry || !('originalSource' in entry)) continue;
        const source = raw.sourcesContent[raw.sources.indexOf(entry.originalSource)] ?? '';
        // (From there to the end of its line: the minifier may join a string to the one before it.)
        const there = source.split('\n')[entry.originalLine]?.slice(entry.originalColumn) ?? '';
        checked++;
        if (!there.includes(text)) wrong.push(`${JSON.stringify(text)} → ${entry.originalSource}:${entry.originalLine + 1} ${JSON.stringify(there)}`);
      }
    });
    expect(wrong, file).toEqual([]);
  }
  expect(checked).toBeGreaterThan(200);
});

test('no part is padded with spaces where its imports of the loader were', () => {
  for (const file of scripts) expect(readFileSync(join(EMBED_DIR, file), 'utf8'), file).not.toMatch(/ {8}/);
});

test('the loader, the waterfall part, the chunks it imports and the catalog reader are marked for eager compilation; nothing else is', () => {
  const waterfall = manifest.entries.waterfall!;
  const reader = manifest.chunks[waterfall]!.dynamicImports.find((f) => manifest.chunks[f]?.name === 'read-json-array');
  const eager = new Set(['shopscene.js', waterfall, ...manifest.chunks[waterfall]!.imports, reader]);
  expect(eager.size).toBe(4);
  for (const file of scripts) {
    const first = readFileSync(join(EMBED_DIR, file), 'utf8').split('\n', 1)[0];
    expect([file, first === '//# allFunctionsCalledOnLoad'], file).toEqual([file, eager.has(file)]);
  }
});
