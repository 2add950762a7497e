import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountWidgets } from './mount-widgets.ts';
import { until, widgets } from './test-support/widgets.ts';

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

describe('mountWidgets', () => {
  // (Our custom elements, which a window defines once, are tested in mount-widgets-elements.test.ts, a window of their own.)
  it('mounts each placeholder once, those added later too, and tells a festival floor apart', async () => {
    document.body.innerHTML = '<div id="a" data-shopscene="guess-you-like"></div><div id="v" data-shopscene="festival-floors"></div><p id="x"></p>';
    const { log, load, release } = widgets();
    mountWidgets(window, load);
    const later = Object.assign(document.createElement('section'), { innerHTML: '<div id="b" data-shopscene="guess-you-like"></div>' });
    document.body.append(later);
    release();
    await until(() => log.length === 3);
    expect(log.sort()).toEqual(['draw a', 'draw b', 'draw v (venue)']);
  });

  it('a widget whose part fails is one warning; the others are drawn', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    document.body.innerHTML = '<div id="bad" data-shopscene="guess-you-like"></div><div id="good" data-shopscene="guess-you-like"></div>';
    const { log, load, release } = widgets((el) => el.id === 'bad');
    mountWidgets(window, load);
    release();
    await until(() => log.length === 1 && warn.mock.calls.length === 1);
    expect(log).toEqual(['draw good']);
    expect(String(warn.mock.calls[0]![0])).toMatch(/a widget could not load \(part missing\); the rest of the page works without it/);
  });
});
