import { readFileSync } from 'node:fs';
import type { Db } from './db/database.ts';
import { checkProducts, replaceCatalog } from './catalog/catalog-store.ts';
import { currentScenes, putScenes } from './scenes/scene-store.ts';
import { createStore, hashToken, LOOPBACK_ORIGINS, type NewStore, type Store } from './stores.ts';

/** The store a one-command start serves, and what to load into it. */
export interface StoreSetup {
  /** @default 'default' */
  id?: string;
  /** Allowed origins; a new store allows loopback pages (any port) when none are named. */
  origins?: string[];
  /** Fixed keys (a demo, a test): set on the store, new or not. */
  writeKey?: string;
  adminToken?: string;
  /** A JSON file of products: replaces the store's catalog (bad products are skipped, each named). */
  catalogFile?: string;
  /** A scene config file: becomes the store's next version when it differs from the current one; an invalid one stops the start. */
  scenesFile?: string;
}

/** What setting up did, for the start-up message. */
export interface SetupReport {
  store: Store;
  /** Set when the store was made now (its admin token, shown this once). */
  created?: NewStore;
  catalog?: { products: number; skipped: { path: string; message: string }[] };
  scenes?: { version: number; changed: boolean };
}

/** A scene file that does not pass the checks: every issue, with its line and column. */
export class ScenesFileError extends Error {}

/** Makes the store if it does not exist, sets what was given, and loads the catalog and scenes files. */
export async function setUpStore(db: Db, setup: StoreSetup): Promise<SetupReport> {
  const id = setup.id ?? 'default';
  const { rows } = await db.query<{ store_id: string; name: string; write_key: string; origins: string[]; admin_token_hash: string }>('SELECT * FROM stores WHERE store_id = $1', [id]);
  let created: NewStore | undefined;
  if (!rows[0]) {
    try {
      created = await createStore(db, { id, origins: setup.origins ?? LOOPBACK_ORIGINS, ...(setup.writeKey ? { writeKey: setup.writeKey } : {}), ...(setup.adminToken ? { adminToken: setup.adminToken } : {}) });
    } catch (error) {
      // Another server starting on the same database made it a moment ago: set up the one that is there.
      if ((error as { code?: string }).code !== '23505') throw error;
      return setUpStore(db, setup);
    }
  } else {
    const r = rows[0];
    if (setup.origins && JSON.stringify(setup.origins) !== JSON.stringify(r.origins)) await db.query('UPDATE stores SET origins = $2::jsonb WHERE store_id = $1', [id, JSON.stringify(setup.origins)]);
    if (setup.writeKey && setup.writeKey !== r.write_key) await db.query('UPDATE stores SET write_key = $2 WHERE store_id = $1', [id, setup.writeKey]);
    if (setup.adminToken && hashToken(setup.adminToken) !== r.admin_token_hash) await db.query('UPDATE stores SET admin_token_hash = $2 WHERE store_id = $1', [id, hashToken(setup.adminToken)]);
  }
  const { rows: now } = await db.query<{ name: string; write_key: string; origins: string[] }>('SELECT name, write_key, origins FROM stores WHERE store_id = $1', [id]);
  const store: Store = { id, name: now[0]!.name, writeKey: now[0]!.write_key, origins: now[0]!.origins };
  const report: SetupReport = { store, ...(created ? { created } : {}) };

  if (setup.catalogFile) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(setup.catalogFile, 'utf8'));
    } catch (error) {
      throw new Error(`the catalog ${setup.catalogFile} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    const { products, problems } = checkProducts(parsed);
    if (!products.length) throw new Error(`the catalog ${setup.catalogFile} has no product that can be kept: ${problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    await replaceCatalog(db, id, products);
    report.catalog = { products: products.length, skipped: problems };
  }
  if (setup.scenesFile) {
    const source = readFileSync(setup.scenesFile, 'utf8');
    const current = await currentScenes(db, id);
    if (current?.source === source) report.scenes = { version: current.version, changed: false };
    else {
      const put = await putScenes(db, id, source, `from ${setup.scenesFile}`);
      if (!put.ok) throw new ScenesFileError(put.issues.map((i) => `${setup.scenesFile}:${i.line}:${i.column}  error  ${i.path}: ${i.message}`).join('\n'));
      report.scenes = { version: put.version, changed: true };
    }
  }
  return report;
}
