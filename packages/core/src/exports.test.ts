import { expect, it } from 'vitest';
import * as core from './index.ts';

it('pins the public names of @shopscene/core', () => {
  expect(Object.keys(core).sort()).toEqual([
    'DEFAULT_COLUMNS',
    'EVENT_NAMES',
    'FeedModel',
    'PROFILE_DEFAULTS',
    'RANK_WEIGHTS',
    'columnsFor',
    'createMemoryProfileStore',
    'createProfile',
    'createShopscene',
    'createTracker',
    'createViewabilityObserver',
    'decayedValue',
    'eventInputSchema',
    'itemSchema',
    'layoutMasonry',
    'openProfileStore',
    'parseCatalog',
    'parseProduct',
    'productSchema',
    'productToItem',
    'rank',
    'readItem',
    'reduceProfile',
    'startAutoCapture',
    'staticAdapter',
    'topDecayed',
    'validateEvent',
  ]);
});
