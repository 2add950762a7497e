// A worker the loader starts (from its own folder, so only on its own origin) when a widget needs the
// recommender. The browser's number formatting takes ~100 ms of a slow phone's main thread to start the
// first time in a page's process, and the start is shared by every thread: made here, on another core
// while the catalog downloads, the first cards' prices cost the main thread a couple of ms. build.mjs
// copies it to parts/intl.js without these comments.
new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(1);
close();
