// @vitest-environment node
// The scene config's JSON Schema explains itself (#12): every field with a title, a description in
// English and Chinese, and an example that is valid there; and an editor's JSON language service,
// given a demo scene file, resolves its relative "$schema" and offers completion and hover help.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { describe, expect, it } from 'vitest';
import { sceneConfigJsonSchema } from './scene-json-schema.ts';

type Node = Record<string, unknown>;
const schema = sceneConfigJsonSchema() as Node;

/** Every property of the schema, with its path and its own subschema. */
function properties(node: unknown, path: string, out: [string, Node][] = []): [string, Node][] {
  if (!node || typeof node !== 'object') return out;
  const n = node as Node;
  for (const [key, child] of Object.entries((n.properties as Record<string, Node>) ?? {})) {
    out.push([`${path}.${key}`, child]);
    properties(child, `${path}.${key}`, out);
  }
  if (n.items) properties(n.items, `${path}[]`, out);
  if (n.additionalProperties) properties(n.additionalProperties, `${path}{}`, out);
  return out;
}
const all = [...properties(schema, ''), ...properties((schema.$defs as Record<string, Node>).audienceRule, 'audienceRule')];

describe('the scene config JSON Schema', () => {
  it('names its definitions for what they are and has a stable $id', () => {
    expect(Object.keys(schema.$defs as object)).toEqual(['audienceRule']);
    expect(JSON.stringify(schema)).not.toContain('__schema');
    expect(schema.$id).toBe('https://shopscene.dev/scene-config.schema.json');
  });

  it(`gives each of its ${all.length} fields a title, a description in English and Chinese, and an example valid for the field`, () => {
    expect(all.length).toBeGreaterThan(70);
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'defs', $defs: schema.$defs });
    const missing: string[] = [];
    const invalid: string[] = [];
    for (const [path, node] of all) {
      if (!node.title || !node.description || !/[\u4e00-\u9fff]/.test(String(node['x-description-zh'])) || !Array.isArray(node.examples) || !node.examples.length) {
        missing.push(path);
        continue;
      }
      const own = JSON.parse(JSON.stringify(node).replaceAll('"#/$defs/', '"defs#/$defs/'));
      const check = ajv.compile(own);
      for (const example of node.examples as unknown[]) if (!check(example)) invalid.push(`${path}: ${JSON.stringify(example)} ${ajv.errorsText(check.errors)}`);
    }
    expect(missing).toEqual([]);
    expect(invalid).toEqual([]);
  });
});

describe('in an editor (vscode-json-languageservice)', () => {
  const file = join(process.cwd(), 'demo/public/scenes/spring-festival.json');
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const requested: string[] = [];
  const service = getLanguageService({
    // The editor resolves "$schema" relative to the file, and reads it from disk.
    schemaRequestService: async (schemaUri) => {
      requested.push(schemaUri);
      return readFileSync(new URL(schemaUri), 'utf8');
    },
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
  });
  const document = TextDocument.create(uri, 'json', 1, text);
  const json = service.parseJSONDocument(document);
  const at = (needle: string, shift = 0) => document.positionAt(text.indexOf(needle) + shift);

  it('resolves the demo file’s relative "$schema" and finds no error in it', async () => {
    const diagnostics = await service.doValidation(document, json, { schemaValidation: 'error' });
    expect(requested).toEqual([pathToFileURL(join(process.cwd(), 'packages/core/scene-config.schema.json')).href]);
    expect(diagnostics).toEqual([]);
  });

  it('offers the fields of a new floor as completions, with their descriptions', async () => {
    // A marketer starts a floor in a file beside the demo's (the same relative "$schema").
    const draft = `{ "$schema": "../../../packages/core/scene-config.schema.json", "scenes": [{ "floors": [{  }] }] }`;
    const doc = TextDocument.create(new URL('draft.json', uri).href, 'json', 1, draft);
    const list = await service.doComplete(doc, doc.positionAt(draft.indexOf('{  }') + 2), service.parseJSONDocument(doc));
    const labels = list!.items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['id', 'title', 'source', 'limit', 'layout', 'coupon', 'pinned', 'audience']));
    const limit = list!.items.find((i) => i.label === 'limit')!;
    expect(JSON.stringify(limit.documentation ?? limit.detail)).toMatch(/At most this many products on the floor/);
  });

  it('shows hover help for "boost" and for a theme colour', async () => {
    const boost = await service.doHover(document, at('"boost"', 2), json);
    expect(JSON.stringify(boost?.contents)).toMatch(/home \\"guess you like\\" mixes in its categories/);
    const text2 = await service.doHover(document, at('"text"', 2), json);
    expect(JSON.stringify(text2?.contents)).toMatch(/Headings and text on the background/);
  });
});
