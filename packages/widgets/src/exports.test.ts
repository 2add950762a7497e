import { expect, it } from 'vitest';
import * as widgets from './index.ts';

it('pins the public names of @shopscene/widgets', () => {
  expect(Object.keys(widgets).sort()).toEqual([
    'CARD_INFO_HEIGHT',
    'ELEMENT_ATTRIBUTES',
    'ELEMENT_NAMES',
    'FestivalFloors',
    'GuessYouLike',
    'MESSAGES',
    'VENUE_MESSAGES',
    'adoptStyles',
    'createProductCard',
    'createVenueView',
    'createWaterfallView',
    'defineElements',
    'festivalFloorsCss',
    'formatPrice',
    'formatRemaining',
    'guessYouLikeCss',
    'loadMessages',
    'loadVenueMessages',
    'messagesFor',
    'mountFestivalFloors',
    'mountGuessYouLike',
    'propsFromAttributes',
    'reasonText',
    'resolveLocale',
    'venueMessagesFor',
  ]);
});
