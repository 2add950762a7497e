import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../packages/embed/package.json', import.meta.url)), 'utf8')) as { version: string };

/** The built distributable folder of the script tag (`pnpm build` makes it): the loader and its parts. */
export const EMBED_DIR = fileURLToPath(new URL(`../../packages/embed/dist/shopscene@${pkg.version}/`, import.meta.url));

/** A file of that folder by its URL path (`/shopscene.js`, `/parts/…`), or undefined for anything else. */
export function embedFile(path: string): { body: Buffer; type: string } | undefined {
  const relative = path.replace(/^\/+/, '');
  if (relative !== 'shopscene.js' && !relative.startsWith('parts/')) return undefined;
  const file = normalize(join(EMBED_DIR, relative));
  if (!file.startsWith(EMBED_DIR) || !existsSync(file)) return undefined;
  return { body: readFileSync(file), type: file.endsWith('.map') ? 'application/json' : 'text/javascript' };
}
