// The part that reads the marketer's scene config (checked with zod, in English and Chinese) and
// selects the shopper's scene: loaded only on pages with scenes.
export { loadSceneConfig, sceneSelector } from '@shopscene/core';
