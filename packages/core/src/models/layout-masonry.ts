/** Input of {@link layoutMasonry}. */
export interface MasonryInput {
  /** Card heights in px, in feed order. */
  heights: readonly number[];
  columns: number;
  columnWidth: number;
  /** Space between columns and between cards. @default 0 */
  gap?: number;
}

/** Where each card goes, and how tall the whole waterfall is. */
export interface MasonryLayout {
  positions: { x: number; y: number; column: number }[];
  height: number;
}

/**
 * Lays cards out as a waterfall: each card goes into the shortest column so far (the leftmost on a
 * tie). Pure, so a card's box is known before its image loads and nothing shifts later.
 */
export function layoutMasonry({ heights, columns, columnWidth, gap = 0 }: MasonryInput): MasonryLayout {
  const n = Math.max(1, Math.floor(columns));
  const tops = new Array<number>(n).fill(0);
  const positions = heights.map((height) => {
    let column = 0;
    for (let c = 1; c < n; c++) if (tops[c]! < tops[column]!) column = c;
    const y = tops[column]!;
    tops[column] = y + height + gap;
    return { x: column * (columnWidth + gap), y, column };
  });
  const height = Math.max(0, Math.max(...tops) - (heights.length ? gap : 0));
  return { positions, height };
}

/** Column counts by minimum container width in px: `{ 0: 2, 560: 3 }` means 2 columns, 3 from 560 px. */
export type ColumnBreakpoints = Record<number, number>;

/** The default columns: 2 on phones, up to 5 on wide screens. */
export const DEFAULT_COLUMNS: ColumnBreakpoints = { 0: 2, 520: 3, 760: 4, 1000: 5 };

/** The column count for a container width. */
export function columnsFor(width: number, breakpoints: ColumnBreakpoints = DEFAULT_COLUMNS): number {
  let columns = 1;
  for (const [min, count] of Object.entries(breakpoints).sort((a, b) => Number(a[0]) - Number(b[0]))) {
    if (width >= Number(min)) columns = count;
  }
  return Math.max(1, columns);
}
