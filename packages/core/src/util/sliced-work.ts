/** Longest slice of work in one task, in ms: well under the 50 ms of a long task. */
const SLICE_MS = 8;
/** The slice right after the caller's own task is kept shorter still: that task is the caller's. */
const FIRST_SLICE_MS = 1;

/** Work run in order, in short slices, so a burst never blocks the page; see {@link createSlicedWork}. */
export interface SlicedWork {
  /** Queues `fn`; resolves with its result once it has run, or rejects with what it threw. */
  later<T>(fn: () => T): Promise<T>;
  /** Runs everything queued, now: for the page's last moments. */
  drainAll(): void;
}

/**
 * A FIFO of small jobs. The first slice runs right after the caller (so an event tracked on a click
 * that navigates is handled before the page goes); what a burst leaves over goes in later tasks.
 * A job that throws rejects its own promise and nothing else: the queue keeps going.
 */
export function createSlicedWork(): SlicedWork {
  const work: (() => void)[] = [];
  let draining = false;
  const clock = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
  const drain = (budget = SLICE_MS) => {
    const start = clock();
    try {
      // The queue may be empty by now: drainAll() (a flush) can run everything before this slice.
      while (work.length) {
        work.shift()!();
        if (clock() - start >= budget) break;
      }
    } finally {
      // Whatever happened, what is left runs in a later task (a stopped queue would never resolve again).
      if (work.length) setTimeout(drain, 0);
      else draining = false;
    }
  };
  return {
    later: (fn) =>
      new Promise((resolve, reject) => {
        work.push(() => {
          try {
            resolve(fn());
          } catch (error) {
            reject(error);
          }
        });
        if (!draining) {
          draining = true;
          queueMicrotask(() => drain(FIRST_SLICE_MS));
        }
      }),
    drainAll() {
      while (work.length) work.shift()!();
    },
  };
}
