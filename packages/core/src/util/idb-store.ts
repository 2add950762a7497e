import { createStore, type UseStore } from 'idb-keyval';
import { deleteDatabase } from './delete-database.ts';

/** One object store of ours in IndexedDB, through idb-keyval, that can be reopened and erased. */
export interface IdbStore {
  /** Runs `callback` in a transaction on the store (idb-keyval's `UseStore`). */
  readonly use: UseStore;
  /** Opens a fresh connection: after ours was closed under us (a version change, another tab's forget). */
  reopen(): void;
  /** Deletes the whole database, then opens it anew. */
  erase(): Promise<void>;
}

/**
 * Opens `storeName` in `dbName`. Our connection gives way when another tab asks (`versionchange`), so
 * an upgrade or another tab's deletion never waits on us; the next call then needs {@link IdbStore.reopen}.
 */
export function openIdbStore(dbName: string, storeName: string): IdbStore {
  let connection: IDBDatabase | undefined;
  const open = (): UseStore => {
    const store = createStore(dbName, storeName);
    return (mode, callback) =>
      store(mode, (s) => {
        connection = s.transaction.db;
        connection.onversionchange = () => connection?.close();
        return callback(s);
      });
  };
  let current = open();
  return {
    use: (mode, callback) => current(mode, callback),
    reopen() {
      current = open();
    },
    async erase() {
      connection?.close();
      await deleteDatabase(dbName);
      current = open();
    },
  };
}
