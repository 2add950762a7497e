const hasOwn = Object.prototype.hasOwnProperty;

/**
 * True when `map` has `key` as its own property. Maps keyed by outside text (brands, categories,
 * item ids, trait names, scene ids) must never see `constructor`, `__proto__` or `toString` as
 * present just because every object inherits them.
 */
export function has(map: object, key: PropertyKey): boolean {
  return hasOwn.call(map, key);
}

/** `map[key]` when `key` is `map`'s own property, else undefined (never an inherited function). */
export function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return hasOwn.call(map, key) ? map[key] : undefined;
}
