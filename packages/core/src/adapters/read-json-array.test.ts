import { describe, expect, it } from 'vitest';
import { readJsonArray } from './read-json-array.ts';
import { createSlicer } from '../util/slicer.ts';

const stream = (text: string, size: number) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      const bytes = new TextEncoder().encode(text);
      for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
      controller.close();
    },
  });

/** Reads as a catalog would; `atOnce` 0 reads element by element however short the text (the careful way, tested below). */
async function read(source: string | ReadableStream<Uint8Array>, atOnce = 0) {
  const items: unknown[] = [];
  const errors: string[] = [];
  const { members } = await readJsonArray(source, (value, index, error) => (error ? errors.push(`${index}: ${error.split(' (')[0]}`) : items.push(value)), createSlicer(), atOnce);
  return { items, errors, ...(members ? { members } : {}) };
}

const tricky = [{ id: 'a', title: 'brackets ] } [ { and "quotes" \\ and commas, in text' }, [1, [2]], 'text', 3.5, null, true, { nested: { deep: [{}] } }, '茶 🍵', 'ends in a backslash \\', '\\"', { '\\\\"\\': '"]}' }];

describe('readJsonArray', () => {
  it('gives every element as JSON.parse would, from text', async () => {
    expect((await read(JSON.stringify(tricky, null, 2))).items).toEqual(tricky);
  });

  it.each([1, 2, 3, 7, 64])('gives the same from a stream cut into %i-byte chunks (multi-byte characters split too)', async (size) => {
    expect((await read(stream(JSON.stringify(tricky), size))).items).toEqual(tricky);
  });

  it('reports an element that is not valid JSON by its index and goes on', async () => {
    expect(await read('[{"a":1}, {"b": tru}, {"c":3}]')).toEqual({ items: [{ a: 1 }, { c: 3 }], errors: ['1: not valid JSON'] });
  });

  it('reads a long array in batches, and a bad element in one still costs only that element', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ id: `p${i}`, title: `Product "${i}" \\ ]` }));
    many[2500] = '{"id": "p2500", oops}';
    const { items, errors } = await read(stream(`[${many.join(',\n')}]`, 4096));
    expect(errors).toEqual(['2500: not valid JSON']);
    expect(items).toHaveLength(4999);
    expect(items[2500]).toEqual({ id: 'p2501', title: 'Product "2501" \\ ]' });
  });

  it.each([1, 100, 65_536])('reads objects whose text holds what looks like a boundary between them, from %i-byte chunks', async (size) => {
    // "},{" inside a string and between objects of a nested array: only the top level's count.
    const traps = Array.from({ length: 300 }, (_, i) => ({ id: `p${i}`, title: i % 7 ? `plain ${i}` : 'a },{ "b": 1 }, { c', variants: i % 5 ? [] : [{ a: 1 }, { b: [{ c: '},{' }] }], n: i }));
    const text = JSON.stringify(traps).replace(/\},\{"id"/g, (m, at: number) => (at % 3 ? m : '}  ,\n {"id"'));
    const bad = `${text.slice(0, -1)},{"id": "broken",},{"id":"after"}]`;
    expect((await read(stream(text, size))).items).toEqual(traps);
    const { items, errors } = await read(stream(bad, size));
    expect(errors).toEqual(['300: not valid JSON']);
    expect(items).toEqual([...traps, { id: 'after' }]);
  });

  it('handles an empty array and says what is wrong with text that is not an array', async () => {
    expect((await read(' [ ] ')).items).toEqual([]);
    await expect(read('"products"')).rejects.toThrow('must be a JSON array of products, or an object with a "products" array');
    await expect(read('{"items": [1, 2]}')).rejects.toThrow('has no "products" array');
    await expect(read('{"products": 3}')).rejects.toThrow('has no "products" array');
    await expect(read('[{"a":1},')).rejects.toThrow('ends before its array does');
    await expect(read('[1] x')).rejects.toThrow('text after the end');
  });

  it.each([1, 5, 4096])('reads a catalog object through its "products" array, its other members whole, from %i-byte chunks', async (size) => {
    // "products" also as a value, a nested key and text in the other members: only the top-level key counts.
    const ranking = { weights: { reminder: 1.5 }, note: 'products: [', nested: { products: [9] }, list: ['products'] };
    for (const catalog of [{ ranking, products: tricky }, { products: tricky, ranking, after: [1, { x: '"]}' }] }]) {
      const { items, members } = await read(stream(JSON.stringify(catalog, null, size === 1 ? 2 : 0), size));
      expect(items).toEqual(tricky);
      const { products: _, ...rest } = catalog;
      expect(members).toEqual(rest);
    }
  });

  describe('a text up to atOnce characters: parsed whole, natively', () => {
    const big = Array.from({ length: 3000 }, (_, i) => ({ id: `p${i}`, title: `Product "${i}" \\ ]`, n: i }));

    it.each([7, 4096, 1 << 20])('gives the same elements and members as the careful way, from %i-byte chunks and from text', async (size) => {
      const catalog = { ranking: { weights: { reminder: 1.5 } }, products: big };
      for (const text of [JSON.stringify(big), JSON.stringify(catalog), JSON.stringify(tricky)]) {
        const careful = await read(stream(text, size));
        expect(await read(stream(text, size), 1 << 22)).toEqual(careful);
        expect(await read(text, 1 << 22)).toEqual(careful);
      }
    });

    it('falls back to the careful way when the whole does not parse: the bad element is named, the rest are read', async () => {
      const text = `[${big.slice(0, 50).map((p) => JSON.stringify(p)).join(',')},{"id": "bad",},${JSON.stringify(big[50])}]`;
      for (const source of [text, stream(text, 100)]) {
        const { items, errors } = await read(source, 1 << 22);
        expect(errors).toEqual(['50: not valid JSON']);
        expect(items).toEqual(big.slice(0, 51));
      }
      await expect(read('{"items": [1, 2]}', 1 << 22)).rejects.toThrow('has no "products" array');
      await expect(read(stream('[1] x', 2), 1 << 22)).rejects.toThrow('text after the end');
    });

    it('past atOnce, reads element by element as the text comes (the same elements)', async () => {
      const text = JSON.stringify(big);
      const seen: number[] = [];
      const slicer = createSlicer();
      // A text longer than atOnce: elements are handed on before the stream has ended.
      let ended = false;
      const source = stream(text, 8192).pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          flush() {
            ended = true;
          },
        }),
      );
      let before = 0;
      await readJsonArray(source, (_, index) => (seen.push(index), ended || before++), slicer, 10_000);
      expect(seen).toHaveLength(big.length);
      expect(before).toBeGreaterThan(0);
    });
  });
});

