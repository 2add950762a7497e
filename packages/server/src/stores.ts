import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from './db/database.ts';

/** A store: its id, name, public write key and the origins its pages may call from. */
export interface Store {
  id: string;
  name: string;
  writeKey: string;
  origins: string[];
}

/** A new store, with its secret admin token (shown once: only its hash is kept). */
export interface NewStore extends Store {
  adminToken: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** `prefix` and `length` random letters and digits. */
export function randomKey(prefix: string, length: number): string {
  return prefix + [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}
/** What is kept of a secret: its SHA-256. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const STORE_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** Origins as a page sends them (`https://shop.example`), or loopback with any port (`http://localhost:*`). */
const ORIGIN = /^https?:\/\/[^/\s?#]+$/;

/** What is wrong with a store's settings, if anything. */
export function storeProblems(id: string, origins: string[], keys: { writeKey?: string; adminToken?: string } = {}): string[] {
  const problems: string[] = [];
  if (!STORE_ID.test(id)) problems.push(`store id "${id}": use lower-case letters, digits, _ and - (up to 63)`);
  for (const o of origins) if (!ORIGIN.test(o) || (o.endsWith(':*') && !/^https?:\/\/(localhost|127\.0\.0\.1|\[::1\]):\*$/.test(o))) problems.push(`origin "${o}": write it as a page sends it, e.g. https://shop.example (a port wildcard only for loopback: http://localhost:*)`);
  if (keys.writeKey !== undefined && !/^pk_[A-Za-z0-9]{16,64}$/.test(keys.writeKey)) problems.push('a write key is pk_ and 16 to 64 letters or digits');
  if (keys.adminToken !== undefined && !/^sk_[A-Za-z0-9]{24,128}$/.test(keys.adminToken)) problems.push('an admin token is sk_ and 24 to 128 letters or digits');
  return problems;
}

/** The origins a new store allows when none are named: a page on this machine, any port. */
export const LOOPBACK_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'];

/** Whether a page at `origin` may call the store (its CORS grant). */
export function originAllowed(store: Store, origin: string): boolean {
  return store.origins.some((allowed) => allowed === origin || (allowed.endsWith(':*') && origin.startsWith(allowed.slice(0, -1)) && /^\d{1,5}$/.test(origin.slice(allowed.length - 1))));
}

interface StoreRow {
  store_id: string;
  name: string;
  write_key: string;
  admin_token_hash: string;
  origins: string[];
}
const toStore = (r: StoreRow): Store => ({ id: r.store_id, name: r.name, writeKey: r.write_key, origins: r.origins });

/** Creates a store with new keys (or the ones given, e.g. for a demo); throws with every problem named. */
export async function createStore(db: Queryable, options: { id: string; name?: string; origins?: string[]; writeKey?: string; adminToken?: string }): Promise<NewStore> {
  const origins = options.origins ?? LOOPBACK_ORIGINS;
  const problems = storeProblems(options.id, origins, options);
  if (problems.length) throw new Error(problems.join('; '));
  const store: NewStore = { id: options.id, name: options.name ?? options.id, writeKey: options.writeKey ?? randomKey('pk_', 24), origins, adminToken: options.adminToken ?? randomKey('sk_', 40) };
  await db.query('INSERT INTO stores (store_id, name, write_key, admin_token_hash, origins, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)', [
    store.id,
    store.name,
    store.writeKey,
    hashToken(store.adminToken),
    JSON.stringify(origins),
    Date.now(),
  ]);
  await db.query('INSERT INTO store_versions (store_id) VALUES ($1) ON CONFLICT DO NOTHING', [store.id]);
  return store;
}

/** Changes a store's allowed origins, or gives it a new admin token (returned: shown once). */
export async function updateStore(db: Queryable, id: string, change: { origins?: string[]; newAdminToken?: boolean; adminToken?: string }): Promise<{ adminToken?: string }> {
  const problems = storeProblems(id, change.origins ?? [], change.adminToken ? { adminToken: change.adminToken } : {});
  if (problems.length) throw new Error(problems.join('; '));
  if (change.origins) await db.query('UPDATE stores SET origins = $2::jsonb WHERE store_id = $1', [id, JSON.stringify(change.origins)]);
  if (change.newAdminToken || change.adminToken) {
    const adminToken = change.adminToken ?? randomKey('sk_', 40);
    await db.query('UPDATE stores SET admin_token_hash = $2 WHERE store_id = $1', [id, hashToken(adminToken)]);
    return { adminToken };
  }
  return {};
}

/** Every store. */
export async function listStores(db: Queryable): Promise<Store[]> {
  return (await db.query<StoreRow>('SELECT store_id, name, write_key, admin_token_hash, origins FROM stores ORDER BY store_id')).rows.map(toStore);
}

/**
 * The stores as requests need them, kept in memory and read again every few seconds (another server
 * on the database may have changed them): by write key, and by admin token (compared by hash).
 */
export function createStoreDirectory(db: Db, options: { maxAgeMs?: number; now?: () => number } = {}) {
  const maxAgeMs = options.maxAgeMs ?? 5000;
  const now = options.now ?? Date.now;
  let byKey = new Map<string, Store>();
  let byAdmin = new Map<string, Store>();
  let loadedAt = -Infinity;
  let loading: Promise<void> | undefined;
  const load = () =>
    (loading ??= db
      .query<StoreRow>('SELECT store_id, name, write_key, admin_token_hash, origins FROM stores')
      .then(({ rows }) => {
        byKey = new Map(rows.map((r) => [r.write_key, toStore(r)]));
        byAdmin = new Map(rows.map((r) => [r.admin_token_hash, toStore(r)]));
        loadedAt = now();
      })
      .finally(() => (loading = undefined)));
  const fresh = async () => {
    if (now() - loadedAt > maxAgeMs) await load();
  };
  return {
    /** The store whose public write key this is (checked against the database at most `maxAgeMs` late). */
    async byWriteKey(key: string): Promise<Store | undefined> {
      await fresh();
      const found = byKey.get(key);
      if (found || loading) return found;
      // A key made a moment ago by another server: look once more before refusing.
      if (now() - loadedAt > 1000) await load();
      return byKey.get(key);
    },
    /** The store this admin token belongs to. */
    async byAdminToken(token: string): Promise<Store | undefined> {
      await fresh();
      return byAdmin.get(hashToken(token));
    },
    /** Forgets what is kept, so the next request reads the stores again. */
    invalidate: () => void (loadedAt = -Infinity),
  };
}

/** The store directory's shape. */
export type StoreDirectory = ReturnType<typeof createStoreDirectory>;
