import { describe, expect, it } from 'vitest';
import type { ShopEvent } from '../events/event-schema.ts';
import { createProfile } from '../profile/create-profile.ts';
import { stageKeys } from './stage-keys.ts';

const event = (fields: Partial<ShopEvent>): ShopEvent => ({ name: 'view_item', event_id: 'e', time: 1, anonymous_id: 'a', session_id: 's', ...fields });

describe('stageKeys', () => {
  it("names each item's brand and narrowest category once", () => {
    const items = [
      { item_id: '1', item_brand: 'Xinhe', item_category: 'Food', item_category2: 'Tea' },
      { item_id: '2', item_brand: 'Xinhe', item_category: 'Drinks' },
      { item_id: '3' },
    ];
    expect(stageKeys(event({ items }), createProfile())).toEqual(['brand:Xinhe', 'category:Tea', 'category:Drinks']);
  });

  it('names the known brands a search mentions, and nothing for an unknown one', () => {
    const profile = createProfile();
    profile.aipl.brand.Xinhe = { purchases: [], interested: 1 };
    expect(stageKeys(event({ name: 'search', search_term: 'xinhe green tea' }), profile)).toEqual(['brand:Xinhe']);
    expect(stageKeys(event({ name: 'search', search_term: 'oolong' }), profile)).toEqual([]);
  });
});
