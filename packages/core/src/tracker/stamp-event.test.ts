import { afterEach, describe, expect, it } from 'vitest';
import { DROPPED_PARAMS } from './clean-url.ts';
import { stampEvent } from './stamp-event.ts';

const drop = new Set(DROPPED_PARAMS);
const start = location.href;

describe('stampEvent', () => {
  afterEach(() => history.replaceState(null, '', start));

  it('gives each event its own id, the time (never in the future), the session and the page', () => {
    history.replaceState(null, '', '/tea?color=green&token=secret');
    document.title = 'Green tea';
    const a = stampEvent({ name: 'view_item', items: [{ item_id: 'tea' }] }, 1_000, 's1', drop);
    const b = stampEvent({ name: 'view_item', items: [{ item_id: 'tea' }], time: 5_000 }, 2_000, 's1', drop);
    expect(a.event_id).not.toBe(b.event_id);
    expect(a).toMatchObject({ time: 1_000, session_id: 's1', anonymous_id: '', page: { path: '/tea', title: 'Green tea' } });
    expect(a.page!.url).toMatch(/\/tea\?color=green$/);
    expect(b.time).toBe(2_000);
  });

  it('keeps an earlier time the caller gave', () => {
    expect(stampEvent({ name: 'page_view', time: 500 }, 2_000, 's', drop).time).toBe(500);
  });

  it('fills items in with enrichItem', () => {
    const event = stampEvent({ name: 'view_item', items: [{ item_id: 'tea' }] }, 1, 's', drop, (item) => ({ item_name: 'Green tea', ...item }));
    expect(event.items).toEqual([{ item_name: 'Green tea', item_id: 'tea' }]);
  });

  it('a page_view through a shared link carries who referred it, and the caller’s fields win', () => {
    history.replaceState(null, '', '/?ss_ref=amy&utm_campaign=spring');
    expect(stampEvent({ name: 'page_view' }, 1, 's', drop)).toMatchObject({ referral: 'amy', utm_campaign: 'spring' });
    expect(stampEvent({ name: 'page_view', utm_campaign: 'mine' }, 1, 's', drop)).toMatchObject({ referral: 'amy', utm_campaign: 'mine' });
    expect(stampEvent({ name: 'view_item', items: [{ item_id: 'tea' }] }, 1, 's', drop)).not.toHaveProperty('referral');
  });
});
