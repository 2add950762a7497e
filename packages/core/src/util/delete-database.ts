/**
 * Deletes an IndexedDB database of ours; resolves when done, failed, or when IndexedDB is missing.
 * Other tabs' connections close on `versionchange`, so a blocked deletion proceeds once they have.
 */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise<void>((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = () => resolve();
      request.onblocked = () => {};
    } catch {
      resolve();
    }
  });
}
