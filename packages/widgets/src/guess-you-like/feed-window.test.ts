import { createMasonry } from '@shopscene/core';
import { describe, expect, it } from 'vitest';
import { feedWindow, nextPageDue } from './feed-window.ts';

/** 100 cards of 100 px in 2 columns, 10 px apart: rows every 110 px, cards 2r and 2r+1 in row r. */
const masonry = () => {
  const m = createMasonry({ columns: 2, columnWidth: 100, gap: 10 });
  m.append(new Array(100).fill(100));
  return m;
};
const rows = (from: number, to: number) => Array.from({ length: (to - from + 1) * 2 }, (_, i) => from * 2 + i);

describe('feedWindow', () => {
  const m = masonry();
  const visible = (from: number, to: number) => m.visible(from, to);

  it('keeps the cards in the viewport and a viewport of overscan above and below', () => {
    // Viewport 1100–1315 px: rows 10–11 (1100–1310); with overscan 885–1530: rows 8–13 (880–1530).
    const { wanted, order } = feedWindow({ visible, top: 1100, viewport: 215, overscan: 1, focused: -1, current: -1 });
    expect([...wanted].sort((a, b) => a - b)).toEqual(rows(8, 13));
    // Those in view are made first, then the overscan, each in feed order.
    expect(order).toEqual([...rows(10, 11), ...rows(8, 9), ...rows(12, 13)]);
  });

  it('keeps the focused card and the one in the tab order wherever they are; the focused one is made first', () => {
    const { wanted, order } = feedWindow({ visible, top: 1100, viewport: 215, overscan: 0, focused: 90, current: 3 });
    expect([...wanted].sort((a, b) => a - b)).toEqual([3, ...rows(10, 11), 90]);
    expect(order[0]).toBe(90);
    expect(order.at(-1)).toBe(3);
  });

  it('at the top, or with nothing laid out, wants only what exists', () => {
    expect([...feedWindow({ visible, top: 0, viewport: 215, overscan: 1, focused: -1, current: 0 }).wanted].sort((a, b) => a - b)).toEqual(rows(0, 3));
    expect(feedWindow({ visible: () => [], top: 0, viewport: 900, overscan: 1, focused: -1, current: -1 })).toEqual({ wanted: new Set(), order: [] });
  });
});

describe('nextPageDue', () => {
  it('is due once the end is within the preload distance below the viewport', () => {
    const height = masonry().height(); // 5490
    expect(nextPageDue(4000, 500, height, 1.5)).toBe(false); // 4000 + 2.5 × 500 = 5250 < 5490
    expect(nextPageDue(4240, 500, height, 1.5)).toBe(true); // 5490: due
    expect(nextPageDue(0, 900, 0, 1.5)).toBe(true); // nothing yet
  });
});
