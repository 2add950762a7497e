// The demo only: its backend switch. In "rest" mode (chosen in the inspector panel) the script tag
// above gets data-api="/api" and the demo store's write key before it runs, and the demo server passes
// /api to the shopscene server (its embedded database holds the same catalog and scenes); "static"
// (the default) ranks the static catalog on the device.
// The queue a merchant's page starts with (calls pushed before the script tag has loaded run once it
// has): in a file, not an inline <script>, so a page under `script-src 'self'` may have it too.
window.shopscene = window.shopscene || [];
try {
  if (localStorage.getItem('shopscene-demo-backend') === 'rest') {
    const tag = document.querySelector('script[src="/shopscene.js"]');
    tag.setAttribute('data-api', '/api'); // recommendations and events go to the backend (data-catalog stays the fallback)
    tag.setAttribute('data-key', 'pk_shopsceneDemoStore2027'); // the demo store's public write key (demo/scripts/serve.mjs)
    tag.removeAttribute('data-scenes'); // and the scenes come from GET /api/v1/scenes
  }
} catch (e) {}
