/**
 * A value that changes over time and tells its subscribers: the shape of a read-only signal
 * (`value`, `peek()`, `subscribe()`), so a `@preact/signals` signal is one. The tracker uses this
 * small one, so a tracking-only page carries no signals library; `createShopscene` hands widgets
 * a real signal.
 */
export interface Readable<T> {
  readonly value: T;
  peek(): T;
  /** Calls `fn` now and after every change; returns a function that stops it. */
  subscribe(fn: (value: T) => void): () => void;
}

/** A {@link Readable} and its setter. */
export function createReadable<T>(initial: T): { readable: Readable<T>; set(value: T): void; peek(): T } {
  let current = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    readable: {
      get value() {
        return current;
      },
      peek: () => current,
      subscribe(fn) {
        fn(current);
        listeners.add(fn);
        return () => void listeners.delete(fn);
      },
    },
    peek: () => current,
    set(value) {
      if (Object.is(value, current)) return;
      current = value;
      for (const fn of listeners) {
        try {
          fn(value);
        } catch {
          // A subscriber's failure is its own; the others still hear.
        }
      }
    },
  };
}
