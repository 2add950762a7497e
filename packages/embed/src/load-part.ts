/** Where a part stands, for `diagnostics().parts`. */
export type PartState = 'loading' | 'loaded' | `failed: ${string}`;

/** Waits `ms` (the one retry gives a flaky network a moment). */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Loads the parts of the script tag on demand from its own folder: each at most once, retried once
 * when it fails, and its state kept for diagnostics. A part that cannot load rejects; the caller
 * decides what shows instead (the rest of the page keeps working).
 */
export function createPartLoader(base: string, files: Readonly<Record<string, string>>) {
  const loading = new Map<string, Promise<unknown>>();
  const states: Record<string, PartState> = {};
  const fetchPart = (name: string) => import(/* @vite-ignore */ new URL(files[name]!, base).href);
  return {
    load<T>(name: string): Promise<T> {
      let part = loading.get(name);
      if (!part) {
        states[name] = 'loading';
        part = fetchPart(name)
          .catch(() => pause(1000).then(() => fetchPart(name)))
          .then(
            (module) => ((states[name] = 'loaded'), module),
            (error: unknown) => {
              states[name] = `failed: ${error instanceof Error ? error.message : String(error)}`;
              throw error;
            },
          );
        loading.set(name, part);
      }
      return part as Promise<T>;
    },
    states: () => ({ ...states }),
  };
}
