import { toJSONSchema } from 'zod/mini';
import { SCENE_FIELD_DOCS } from './scene-schema-docs.ts';
import { sceneConfigSchema } from './scene-schema.ts';

type Node = Record<string, unknown>;

/** Adds each field's title, description (English, and Chinese in `x-description-zh`) and example. */
function annotate(node: unknown, path: string): void {
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  const properties = n.properties as Record<string, Node> | undefined;
  for (const [key, child] of Object.entries(properties ?? {})) {
    const at = path ? `${path}.${key}` : key;
    // A variant's floors are floors, and what a floor's variant changes is the floor's: they share its help.
    const shared = at.replace('scenes[].variants[].floors[]', 'scenes[].floors[]');
    const doc = SCENE_FIELD_DOCS[at] ?? SCENE_FIELD_DOCS[shared] ?? SCENE_FIELD_DOCS[shared.replace('scenes[].floors[].variants[]', 'scenes[].floors[]')];
    properties![key] = doc ? { title: doc[0], description: doc[1], 'x-description-zh': doc[2], examples: [doc[3]], ...child } : child;
    annotate(child, at);
  }
  if (n.items && typeof n.items === 'object') annotate(n.items, `${path}[]`);
  if (n.additionalProperties && typeof n.additionalProperties === 'object') annotate(n.additionalProperties, `${path}{}`);
  for (const key of ['anyOf', 'oneOf', 'allOf']) (n[key] as unknown[] | undefined)?.forEach((option) => annotate(option, path));
}

/**
 * The scene config as a JSON Schema (draft 2020-12), for editors: a file with
 * `"$schema": "…/scene-config.schema.json"` gets completion, hover help (English, and Chinese in
 * `x-description-zh`) and errors as the marketer types. Checks that need the whole file (dates in
 * order, theme references) are parseSceneConfig's alone.
 */
export function sceneConfigJsonSchema(): Record<string, unknown> {
  const generated = toJSONSchema(sceneConfigSchema, { io: 'input', unrepresentable: 'any' }) as Node;
  // The audience rule is recursive, so zod gives it a definition: name it for what it is.
  const schema = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/__schema0"', '"#/$defs/audienceRule"')) as Node;
  const defs = schema.$defs as Record<string, Node> | undefined;
  if (defs?.__schema0) {
    defs.audienceRule = { title: 'Audience rule', description: 'Who a scene or floor is for: one test per rule, combined with "all", "any" and "not".', 'x-description-zh': '场景或楼层面向的人群：每条规则一个条件，用 "all"、"any"、"not" 组合。', ...defs.__schema0 };
    delete defs.__schema0;
  }
  annotate(schema, '');
  if (defs?.audienceRule) annotate(defs.audienceRule, 'audienceRule');
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: 'https://shopscene.dev/scene-config.schema.json',
    title: 'shopscene scene config',
    description: 'Themes and scenes (campaigns) for shopscene festival venues. Check a file with `npx shopscene validate`.',
    'x-description-zh': 'shopscene 会场的主题与活动场景配置。可用 `npx shopscene validate` 检查文件。',
    ...rest,
  };
}
