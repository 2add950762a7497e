// Writes packages/core/scene-config.schema.json from the zod schema (the source of truth).
// `pnpm scene-schema` after changing the schema; a test fails while the shipped file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
export const SCHEMA_FILE = `${root}packages/core/scene-config.schema.json`;

/** The JSON Schema text as it should be shipped. */
export async function sceneSchemaText() {
  const { module } = await runnerImport(`${root}packages/core/src/scenes/scene-json-schema.ts`, { configFile: false, logLevel: 'silent' });
  return `${JSON.stringify(module.sceneConfigJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, await sceneSchemaText());
  console.log(`wrote ${SCHEMA_FILE.slice(root.length)}`);
}
