// The part for stores with Google Tag Manager or gtag: their GA4 ecommerce pushes become our events.
// Loaded only on a page that has a `dataLayer` (now, or once the page has loaded), so a store
// without one never pays for it.
export { startDataLayerCapture } from '@shopscene/core';
