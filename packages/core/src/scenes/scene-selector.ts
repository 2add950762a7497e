import type { Profile } from '../profile/profile-types.ts';
import type { SceneConfig } from './scene-schema.ts';
import { selectScene, type ActiveScene } from './select-scene.ts';

/** What {@link sceneSelector} reads. */
export interface SceneSelectorOptions {
  /** The scene config now (null: none, or invalid). */
  config: () => SceneConfig | null;
  profile: () => Profile;
  now: () => number;
  device: 'mobile' | 'tablet' | 'desktop';
  /** In a preview, these traits are pretended. */
  traits?: Record<string, string>;
  /** In a preview, these A/B variants are shown (experiment, i.e. scene id → variant id). */
  variants?: Record<string, string>;
}

/** `activeScene(options)` for an SDK instance: the scene this shopper sees now, or the named one if it is active for them. */
export function sceneSelector(options: SceneSelectorOptions): (select?: { sceneId?: string }) => ActiveScene | null {
  return ({ sceneId } = {}) => {
    const config = options.config();
    if (!config) return null;
    const p = options.profile();
    const profile = options.traits ? { ...p, traits: { ...p.traits, ...options.traits } } : p;
    const scoped = sceneId ? { ...config, scenes: config.scenes.filter((s) => s.id === sceneId) } : config;
    return selectScene(scoped, profile, options.now(), { device: options.device, subject: profile.anonymousId, ...(options.variants ? { force: options.variants } : {}) });
  };
}
