import { expect, it } from 'vitest';
import * as widgets from './index.ts';

it('pins the public names of @shopscene/widgets', () => {
  expect(Object.keys(widgets).sort()).toEqual([
    'CARD_INFO_HEIGHT',
    'ELEMENT_NAMES',
    'ErrorBoundary',
    'FestivalFloors',
    'GuessYouLike',
    'ProductCard',
    'adoptStyles',
    'defineElements',
    'festivalFloorsCss',
    'formatPrice',
    'formatRemaining',
    'guessYouLikeCss',
    'mountFestivalFloors',
    'mountGuessYouLike',
    'propsFromAttributes',
  ]);
});
