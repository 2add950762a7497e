import { toJSONSchema } from 'zod/mini';
import { sceneConfigSchema } from './scene-schema.ts';

/**
 * The scene config as a JSON Schema (draft 2020-12), for editors: a file with
 * `"$schema": "…/scene-config.schema.json"` gets completion and errors as the marketer types.
 * Checks that need the whole file (dates in order, theme references) are parseSceneConfig's alone.
 */
export function sceneConfigJsonSchema(): Record<string, unknown> {
  const schema = toJSONSchema(sceneConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://shopscene.dev/scene-config.schema.json', title: 'shopscene scene config' };
}
