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

async function read(source: string | ReadableStream<Uint8Array>) {
  const items: unknown[] = [];
  const errors: string[] = [];
  await readJsonArray(source, (value, index, error) => (error ? errors.push(`${index}: ${error.split(' (')[0]}`) : items.push(value)), createSlicer());
  return { items, errors };
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

  it('handles an empty array and says what is wrong with text that is not an array', async () => {
    expect((await read(' [ ] ')).items).toEqual([]);
    await expect(read('{"products": []}')).rejects.toThrow('must be a JSON array');
    await expect(read('[{"a":1},')).rejects.toThrow('ends before its array does');
    await expect(read('[1] x')).rejects.toThrow('text after the end');
  });
});
