// Our custom elements: a window defines them once, so this file (a window of its own) has the first mountWidgets.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountWidgets } from './mount-widgets.ts';
import { until, widgets } from './test-support/widgets.ts';

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

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
