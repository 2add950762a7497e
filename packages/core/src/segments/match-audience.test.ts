import { describe, expect, it } from 'vitest';
import { createProfile } from '../profile/create-profile.ts';
import { reduceProfile } from '../profile/reduce-profile.ts';
import { event } from '../test-support/fixtures.ts';
import { matchAudience, type AudienceRule } from './match-audience.ts';

const NOW = Date.UTC(2026, 10, 1);
const tea = { item_id: 'tea', item_brand: 'Xinhe', item_category: 'Groceries' };
let shopper = createProfile({ createdAt: NOW - 90 * 86_400_000, traits: { ageBand: '25-34', region: 'CN-31' } });
shopper = reduceProfile(shopper, event({ name: 'add_to_cart', items: [tea] }, NOW), NOW);
shopper = reduceProfile(shopper, event({ name: 'purchase', transaction_id: 'T1', value: 2500, items: [tea] }, NOW), NOW);
const ctx = { now: NOW, device: 'mobile' as const };

describe('matchAudience', () => {
  it.each<[string, AudienceRule, boolean]>([
    ['trait in list', { trait: 'ageBand', in: ['25-34', '35-44'] }, true],
    ['trait not declared', { trait: 'gender', in: ['female'] }, false],
    ['interest over threshold', { interest: { category: 'Groceries', min: 5 } }, true],
    ['interest under threshold', { interest: { brand: 'Xinhe', min: 50 } }, false],
    ['device', { device: ['mobile', 'tablet'] }, true],
    ['returning visitor', { visitor: 'returning' }, true],
    ['new visitor', { visitor: 'new' }, false],
    ['RFM segment', { rfm: ['important-development'] }, true],
    ['RFM scores', { rfmScore: { r: [5, 5], m: [5, 5] } }, true],
    ['AIPL stage of a brand', { aipl: { brand: 'Xinhe', in: ['purchase'] } }, true],
    ['AIPL at least interest', { aipl: { category: 'Groceries', atLeast: 'interest' } }, true],
    ['AIPL at least loyalty', { aipl: { brand: 'Xinhe', atLeast: 'loyalty' } }, false],
    ['not', { not: { trait: 'region', in: ['CN-11'] } }, true],
    ['all', { all: [{ trait: 'region', in: ['CN-31'] }, { device: ['desktop'] }] }, false],
    ['any', { any: [{ trait: 'region', in: ['CN-11'] }, { device: ['mobile'] }] }, true],
    ['under-20s excluded (the seeds example)', { not: { trait: 'ageBand', in: ['under-18', '18-24'] } }, true],
  ])('%s', (_, rule, expected) => {
    expect(matchAudience(rule, shopper, ctx)).toBe(expected);
  });

  it('treats a profile made in this visit as new', () => {
    expect(matchAudience({ visitor: 'new' }, createProfile({ createdAt: NOW - 60_000 }), ctx)).toBe(true);
  });
});
