/** Ways a browser can deny IndexedDB: missing (old or locked-down), throwing (privacy modes), never answering (blocked). Run in the page. */
export const BREAKAGES: Record<string, () => void> = {
  missing: () => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  },
  throwing: () => {
    Object.defineProperty(window, 'indexedDB', {
      configurable: true,
      get() {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      },
    });
  },
  'open throws': () => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('denied', 'InvalidStateError');
    };
  },
  blocked: () => {
    // An open request that never succeeds nor fails, as when another tab holds a version change.
    IDBFactory.prototype.open = () => ({}) as IDBOpenDBRequest;
  },
};
