// The part for `data-api` pages with widgets: recommendations and scenes from a backend of our
// contract, and the profile summary it is told.
export { restAdapter, summarize } from '@shopscene/core';
