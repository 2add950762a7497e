import { createReadable, createRecommender, guessDevice, staticAdapter, type BackendAdapter, type SceneConfig } from '@shopscene/core';
import type { Engine, Host } from '../host.ts';
import { warn } from '../warn.ts';

/**
 * Creates the recommender for the page: the static catalog, or the backend of `data-api` (loaded as
 * its own part, with the catalog as fallback), and the scene config (its own part too: the marketer's
 * JSON is checked with zod, which no other page needs).
 */
export function createEngine(host: Host): Engine {
  const { settings, tracker } = host;
  if (!settings.catalog && !settings.api) warn('the script tag has no data-catalog="…" (a URL of a JSON array of products) nor data-api="…"; recommendations stay empty');
  const local = staticAdapter({ catalog: settings.catalog ?? [], fetch: host.fetchCatalog });
  // The catalog is read now, while the shopper's profile loads (a failure is said when it is asked for).
  if (!settings.api) local.products().catch(() => {});
  /** The backend's part brings the profile summary it is sent, too (RFM and AIPL: a static catalog needs neither). */
  let summarized: typeof import('./rest.ts').summarize | undefined;
  const rest = settings.api
    ? import('./rest.ts').then((m) => ((summarized = m.summarize), m.restAdapter({ baseUrl: settings.api!, ...(settings.key ? { key: settings.key } : {}), fallback: local })))
    : undefined;
  const adapter: BackendAdapter = rest
    ? {
        rankedByBackend: true,
        candidates: async (request, abort) => {
          const backend = await rest;
          // With consent (never in a preview) the backend is told the shopper in brief.
          const profile = tracker.consent() === 'granted' && !host.preview ? summarized!(tracker.profile.peek(), host.now()) : undefined;
          return backend.candidates(profile ? { ...request, profile } : request, abort);
        },
      }
    : local;

  const sceneConfig = createReadable<SceneConfig | null>(null);
  let state: ReturnType<Engine['scenesState']> = settings.scenes || rest ? 'loading' : 'none';
  /** Selects the shopper's scene once the scenes part (the config's checks and the selection) is here. */
  let activeScene: Engine['activeScene'] = () => null;
  const scenesReady = (async () => {
    if (state === 'none') return;
    await host.previewReady; // a preview's audience and variants decide the scene
    const source = settings.scenes ?? (await (await rest!).scenes?.());
    if (source === null || source === undefined) return void (state = 'none');
    const scenes = await import('./scenes.ts');
    const loaded = await scenes.loadSceneConfig(source);
    sceneConfig.set(loaded.config);
    state = loaded.state;
    activeScene = scenes.sceneSelector({
      config: sceneConfig.peek,
      profile: () => tracker.profile.value,
      now: host.now,
      device: host.preview?.device ?? guessDevice(),
      ...(host.preview?.traits ? { traits: host.preview.traits } : {}),
      ...(host.preview?.variants ? { variants: host.preview.variants } : {}),
    });
  })().catch((error: unknown) => {
    state = 'invalid';
    warn(`could not load the scene config: ${error instanceof Error ? error.message : String(error)}`);
  });

  const recommender = createRecommender({
    tracker,
    adapter,
    now: host.now,
    products: host.products,
    activeScene: (options) => activeScene(options),
    scenesReady,
    locale: settings.locale,
    preview: host.preview,
    onCoupon: host.onCoupon,
  });
  return {
    ...recommender,
    sceneConfig: sceneConfig.readable,
    scenesReady,
    scenesState: () => state,
    sdk: {
      ...recommender,
      ready: tracker.ready,
      track: tracker.track,
      profile: tracker.profile,
      scenesReady,
      now: host.now,
      locale: settings.locale,
      preview: host.preview,
    },
  };
}
