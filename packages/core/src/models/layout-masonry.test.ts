import { describe, expect, it } from 'vitest';
import { columnsFor, createMasonry, layoutMasonry } from './layout-masonry.ts';

describe('layoutMasonry', () => {
  it('places each card in the shortest column, leftmost on a tie, at exact positions', () => {
    const { positions, height } = layoutMasonry({ heights: [100, 50, 80, 30, 60, 10], columns: 3, columnWidth: 200, gap: 10 });
    expect(positions).toEqual([
      { x: 0, y: 0, column: 0 }, // tops 0 0 0 → col 0
      { x: 210, y: 0, column: 1 }, // 110 0 0 → col 1
      { x: 420, y: 0, column: 2 }, // 110 60 0 → col 2
      { x: 210, y: 60, column: 1 }, // 110 60 90 → col 1
      { x: 420, y: 90, column: 2 }, // 110 100 90 → col 2
      { x: 210, y: 100, column: 1 }, // 110 100 160 → col 1
    ]);
    expect(height).toBe(150); // column 2: 90 + 60
  });

  it('handles one column, no cards, and odd column counts', () => {
    expect(layoutMasonry({ heights: [10, 20], columns: 1, columnWidth: 100 }).positions.map((p) => p.y)).toEqual([0, 10]);
    expect(layoutMasonry({ heights: [], columns: 4, columnWidth: 100, gap: 8 })).toEqual({ positions: [], height: 0 });
    expect(layoutMasonry({ heights: [5], columns: 0, columnWidth: 100 }).positions).toEqual([{ x: 0, y: 0, column: 0 }]);
  });

  it('keeps columns balanced on a long feed', () => {
    const heights = Array.from({ length: 500 }, (_, i) => 100 + ((i * 37) % 200));
    const { positions, height } = layoutMasonry({ heights, columns: 4, columnWidth: 100 });
    const bottoms = [0, 0, 0, 0];
    positions.forEach((p, i) => (bottoms[p.column] = Math.max(bottoms[p.column]!, p.y + heights[i]!)));
    expect(Math.max(...bottoms) - Math.min(...bottoms)).toBeLessThanOrEqual(300);
    expect(height).toBe(Math.max(...bottoms));
  });
});

describe('columnsFor', () => {
  it('picks the column count of the widest breakpoint that fits', () => {
    expect(columnsFor(320)).toBe(2);
    expect(columnsFor(600)).toBe(3);
    expect(columnsFor(1200)).toBe(5);
    expect(columnsFor(700, { 0: 1, 700: 6 })).toBe(6);
  });
});

describe('createMasonry', () => {
  const random = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647);

  it('appending page by page gives exactly the layout of the whole feed at once', () => {
    const next = random(11);
    const heights = Array.from({ length: 1000 }, () => 100 + Math.floor(next() * 300));
    const masonry = createMasonry({ columns: 4, columnWidth: 220, gap: 12 });
    for (let i = 0; i < heights.length; i += 37) masonry.append(heights.slice(i, i + 37));
    const whole = layoutMasonry({ heights, columns: 4, columnWidth: 220, gap: 12 });
    expect(masonry.boxes.map(({ x, y }) => ({ x, y }))).toEqual(whole.positions.map(({ x, y }) => ({ x, y })));
    expect(masonry.height()).toBe(whole.height);
  });

  it('finds exactly the cards that overlap a window, in feed order', () => {
    const next = random(5);
    const masonry = createMasonry({ columns: 3, columnWidth: 200, gap: 10 });
    masonry.append(Array.from({ length: 500 }, () => 50 + Math.floor(next() * 400)));
    for (const [top, bottom] of [[0, 900], [12_345, 13_245], [masonry.height() - 100, masonry.height() + 500], [-500, -1]]) {
      const expected = masonry.boxes.flatMap((b, i) => (b.y <= bottom! && b.y + b.height >= top! ? [i] : []));
      expect(masonry.visible(top!, bottom!)).toEqual(expected);
    }
  });
});
