// What the mount-widgets tests share: a stand-in for the parts that draw widgets, and a wait.

/** Polls `check` until it holds; a deadline only a failing test reaches. */
export const until = async (check: () => boolean) => {
  for (const start = Date.now(); !check(); await new Promise((r) => setTimeout(r, 2))) if (Date.now() - start > 5000) throw new Error('timed out waiting');
};

/**
 * The page's widgets as mountWidgets loads them: nothing arrives until `release()`; then each draw and
 * stop is logged by the element's id, and those `fail` picks fail to load.
 */
export function widgets(fail?: (el: Element) => boolean) {
  const log: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const load = async (el: Element, venue: boolean) => {
    await gate;
    if (fail?.(el)) throw new Error('part missing');
    return () => {
      log.push(`draw ${el.id}${venue ? ' (venue)' : ''}`);
      return () => log.push(`stop ${el.id}`);
    };
  };
  return { log, load, release };
}
