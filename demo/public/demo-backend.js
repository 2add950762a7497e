// The demo only: its backend switch. In "rest" mode (chosen in the inspector panel) the script tag
// above gets data-api="/api" before it runs, and the demo server answers our HTTP contract there
// (msw handlers over the same catalog); "static" (the default) ranks the static catalog on the device.
// The queue a merchant's page starts with (calls pushed before the script tag has loaded run once it
// has): in a file, not an inline <script>, so a page under `script-src 'self'` may have it too.
window.shopscene = window.shopscene || [];
try {
  if (localStorage.getItem('shopscene-demo-backend') === 'rest') {
    const tag = document.querySelector('script[src="/shopscene.js"]');
    tag.setAttribute('data-api', '/api'); // recommendations and events go to the backend (data-catalog stays the fallback)
    tag.removeAttribute('data-scenes'); // and the scenes come from GET /api/v1/scenes
  }
} catch (e) {}
