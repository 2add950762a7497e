/** Longest run of our work in one task before giving the page its turn, in ms (a long task is 50). */
export const SLICE_MS = 8;

const clock = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Gives the page its turn: `scheduler.yield()` where there is one, else a new task. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Cuts long work into slices: call `pause()` between units of work; it yields once a slice is used up. */
export interface Slicer {
  /** True when the current slice is used up. */
  due(): boolean;
  /** Yields to the page if the current slice is used up, else resolves at once. */
  pause(): Promise<void>;
}

/** A {@link Slicer} whose slices last `budgetMs`. */
export function createSlicer(budgetMs = SLICE_MS): Slicer {
  let start = clock();
  const due = () => clock() - start >= budgetMs;
  return {
    due,
    async pause() {
      if (!due()) return;
      await yieldToPage();
      start = clock();
    },
  };
}
