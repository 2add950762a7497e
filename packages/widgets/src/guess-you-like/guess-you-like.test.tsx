import { createShopscene, staticAdapter } from '@shopscene/core';
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGES } from '../i18n/messages.ts';
import { formatPrice } from '../ui/format-price.ts';
import { propsFromAttributes } from './mount-guess-you-like.ts';
import { GuessYouLike } from './guess-you-like.tsx';

afterEach(cleanup);

// Layout needs a real browser (test/); here: states, text and attributes.
describe('GuessYouLike', () => {
  it('shows a loading state, then an empty state when there is nothing to recommend', async () => {
    const sdk = createShopscene({ adapter: staticAdapter({ catalog: [] }), storage: 'memory' });
    render(<GuessYouLike shopscene={sdk} />);
    expect(screen.getByRole('heading', { name: 'Guess you like' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Loading recommendations…');
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Nothing to recommend yet/));
    // The feed holds articles only: its states are outside it, and an empty feed is no feed at all.
    expect(screen.queryByRole('feed')).toBeNull();
    expect(document.querySelector('[role=feed]')!.querySelector('.ss-footer, [role=status]')).toBeNull();
  });

  it('speaks Chinese once its table has loaded (an English page never fetches it), and names the related row', async () => {
    const sdk = createShopscene({ adapter: staticAdapter({ catalog: [] }), storage: 'memory' });
    const { unmount } = render(<GuessYouLike shopscene={sdk} locale="zh" />);
    expect(MESSAGES['zh-CN']).toBeUndefined(); // not drawn in English first: nothing until the table is here
    expect(screen.queryByRole('heading')).toBeNull();
    await waitFor(() => expect(screen.getByRole('heading', { name: '猜你喜欢' })).toBeTruthy());
    expect(MESSAGES['zh-CN']!.reason.reminder).toBe('你最近看过它');
    unmount();
    render(<GuessYouLike shopscene={sdk} placement="related:x" locale="en" />);
    expect(screen.getByRole('heading', { name: 'Shoppers also viewed' })).toBeTruthy();
  });

  it('shows an error with a retry button when the adapter fails', async () => {
    const sdk = createShopscene({ adapter: { candidates: () => Promise.reject(new Error('offline')) }, storage: 'memory' });
    const warn = console.warn;
    console.warn = () => {};
    render(<GuessYouLike shopscene={sdk} heading={null} />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy());
    console.warn = warn;
    expect(screen.queryByRole('heading')).toBeNull();
  });
});

describe('formatPrice', () => {
  it('formats in the currency and locale, and survives an unknown currency', () => {
    expect(formatPrice(9.5, 'USD', 'en-US')).toBe('$9.50');
    expect(formatPrice(88, 'CNY', 'zh-CN')).toBe('¥88.00');
    expect(formatPrice(3, 'XQQ1', 'en-US')).toBe('3.00 XQQ1');
  });
});

describe('propsFromAttributes', () => {
  it('reads plain and data- attributes, and ignores bad page sizes', () => {
    const el = document.createElement('div');
    el.setAttribute('data-page-size', '8');
    el.setAttribute('heading', 'For you');
    expect(propsFromAttributes(el)).toEqual({ pageSize: 8, heading: 'For you' });
    el.setAttribute('data-page-size', 'lots');
    expect(propsFromAttributes(el)).toEqual({ heading: 'For you' });
  });
});
