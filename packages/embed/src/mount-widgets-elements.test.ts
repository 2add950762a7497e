// Our custom elements: a window defines them once, so this file (a window of its own) has the first mountWidgets.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountWidgets } from './mount-widgets.ts';

const until = async (check: () => boolean) => {
  for (const start = Date.now(); !check(); await new Promise((r) => setTimeout(r, 2))) if (Date.now() - start > 5000) throw new Error('timed out waiting');
};
afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

/** What the page's widgets do: each draw and stop, by the element's id. */
function widgets(fail?: (el: Element) => boolean) {
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

describe('mountWidgets: custom elements', () => {
  it('does not draw one removed before its part arrived; draws one again when an attribute changes, and stops one removed', async () => {
    const { log, load, release } = widgets();
    mountWidgets(window, load);
    const gone = Object.assign(document.createElement('shopscene-guess-you-like'), { id: 'gone' });
    const kept = Object.assign(document.createElement('shopscene-guess-you-like'), { id: 'kept' });
    document.body.append(gone, kept);
    gone.remove();
    release();
    await until(() => log.includes('draw kept'));
    kept.setAttribute('page-size', '24'); // an attribute changes: drawn again
    await until(() => log.length === 3);
    kept.remove();
    expect(log).toEqual(['draw kept', 'stop kept', 'draw kept', 'stop kept']);
  });
});
