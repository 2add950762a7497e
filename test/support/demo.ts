import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: plain ESM helper shared with `pnpm demo`
import { startDemoServer } from '../../demo/scripts/serve.mjs';

/** The built demo (run `pnpm build` first), served on loopback, with the shopscene server behind /api (started on first use). */
export async function serveDemo(): Promise<{ url: string; backend: { start(): Promise<unknown>; events(): Promise<{ name: string; event_id: string }[]>; started(): boolean }; close: () => Promise<void> }> {
  return startDemoServer();
}

export interface CatalogEntry {
  id: string;
  title: string;
  categories: string[];
  popularity: number;
}

/** The demo catalog as the page sees it. */
export function demoCatalog(): CatalogEntry[] {
  return JSON.parse(readFileSync(fileURLToPath(new URL('../../demo/dist/generated/catalog.json', import.meta.url)), 'utf8')) as CatalogEntry[];
}
