// The demo only: its backend switch. In "rest" mode (chosen in the inspector panel) the script tag
// above gets data-api="/api" before it runs, and the demo server answers our HTTP contract there
// (msw handlers over the same catalog); "static" (the default) ranks the static catalog on the device.
try {
  if (localStorage.getItem('shopscene-demo-backend') === 'rest') {
    const tag = document.querySelector('script[src="/shopscene.js"]');
    tag.setAttribute('data-api', '/api'); // recommendations and events go to the backend (data-catalog stays the fallback)
    tag.removeAttribute('data-scenes'); // and the scenes come from GET /api/v1/scenes
  }
} catch (e) {}
