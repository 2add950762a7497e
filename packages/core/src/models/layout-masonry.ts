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

/** A waterfall laid out one page at a time; see {@link createMasonry}. */
export interface Masonry {
  readonly columns: number;
  readonly columnWidth: number;
  /** Each card's box, in feed order. */
  readonly boxes: readonly { x: number; y: number; height: number }[];
  /** How tall the waterfall is. */
  height(): number;
  /** Lays out cards added at the end: work in proportion to them, not to the feed. */
  append(heights: readonly number[]): void;
  /** The indices of cards that overlap `top`–`bottom` (px from the waterfall's top), in feed order. */
  visible(top: number, bottom: number): number[];
}

/**
 * An incremental waterfall: each card goes into the shortest column (the leftmost on a tie), as
 * {@link layoutMasonry} does, but appending a page costs only that page, and finding the cards in
 * view is a binary search per column. Pure data; the widget renders what `visible()` returns.
 */
export function createMasonry({ columns, columnWidth, gap = 0 }: Omit<MasonryInput, 'heights'>): Masonry {
  const n = Math.max(1, Math.floor(columns));
  const tops = new Array<number>(n).fill(0);
  /** Per column, its cards' indices top to bottom. */
  const lanes: number[][] = Array.from({ length: n }, () => []);
  const boxes: { x: number; y: number; height: number }[] = [];
  return {
    columns: n,
    columnWidth,
    boxes,
    height: () => Math.max(0, Math.max(...tops) - (boxes.length ? gap : 0)),
    append(heights) {
      for (const height of heights) {
        let column = 0;
        for (let c = 1; c < n; c++) if (tops[c]! < tops[column]!) column = c;
        boxes.push({ x: column * (columnWidth + gap), y: tops[column]!, height });
        lanes[column]!.push(boxes.length - 1);
        tops[column]! += height + gap;
      }
    },
    visible(top, bottom) {
      const out: number[] = [];
      for (const lane of lanes) {
        // The first card of the lane whose bottom reaches `top`.
        let lo = 0;
        let hi = lane.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          const box = boxes[lane[mid]!]!;
          if (box.y + box.height < top) lo = mid + 1;
          else hi = mid;
        }
        for (let i = lo; i < lane.length && boxes[lane[i]!]!.y <= bottom; i++) out.push(lane[i]!);
      }
      return out.sort((a, b) => a - b);
    },
  };
}
