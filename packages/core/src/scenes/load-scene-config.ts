import { describeError } from '../messages.ts';
import { warnOnce } from '../util/warn.ts';
import { parseSceneConfig, sceneIssuesToText } from './parse-scene-config.ts';
import type { SceneConfig } from './scene-schema.ts';

/**
 * Loads a scene config given as an object, its JSON text, or a URL of it. An invalid or unreachable
 * one is ignored with one console warning that lists every path; never throws.
 */
export async function loadSceneConfig(source: unknown): Promise<{ config: SceneConfig; state: 'ready' } | { config: null; state: 'invalid' }> {
  try {
    let input = source;
    if (typeof input === 'string' && !input.trim().startsWith('{')) {
      const response = await fetch(input, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${input}`);
      input = await response.text();
    }
    const result = parseSceneConfig(input);
    if (result.ok) {
      if (result.warnings.length) warnOnce(`shopscene: the scene config loaded, with warnings (texts cut to fit the limits, colours hard to read):\n${sceneIssuesToText(result.warnings)}`);
      return { config: result.value, state: 'ready' };
    }
    warnOnce(`shopscene: the scene config is invalid and was ignored:\n${sceneIssuesToText(result.issues)}`);
  } catch (error) {
    warnOnce(`shopscene: could not load the scene config: ${describeError(error)}`);
  }
  return { config: null, state: 'invalid' };
}
