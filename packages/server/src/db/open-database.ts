// Opening the database the server is told of: a PostgreSQL server, else PGlite in a folder.
import type { Db } from './database.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** Where the database is: a PostgreSQL URL, or a folder for PGlite (`memory://` for one in memory). */
export interface DatabaseOptions {
  /** `postgres://…`: a PostgreSQL server (DATABASE_URL). */
  url?: string;
  /** PGlite's data folder. @default ./shopscene-data */
  dataDir?: string;
  /** How long to wait for a PostgreSQL server that is not up yet, at start. @default 10 s */
  waitMs?: number;
}

/** Opens the database the options name: PostgreSQL with a URL, else PGlite in its folder. */
export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  return options.url ? openPostgres(options.url) : openPglite(options.dataDir ?? './shopscene-data');
}
