// The part for identify(): the checks of the traits a store declares. Fetched the first time a page
// calls identify() (the loader carries a stand-in that loads it, src/traits-on-demand.ts).
export { parseTraits } from '@shopscene/core';
