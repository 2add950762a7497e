import type { Variant } from './scene-schema.ts';

/** FNV-1a, 32 bits: a fast, well-spread hash of a short string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final avalanche, so ids that differ only at the end still land far apart.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * The variant of `experiment` that `subject` (a shopper's anonymous id) sees: chosen by weight from
 * a hash of both, so it is the same on every page and in every tab with nothing stored for it, and
 * independent between experiments.
 */
export function assignVariant(experiment: string, variants: readonly Pick<Variant, 'id' | 'weight'>[], subject: string): string {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let point = (hash(`${experiment}\u0000${subject}`) / 2 ** 32) * total;
  for (const variant of variants) {
    point -= variant.weight;
    if (point < 0) return variant.id;
  }
  return variants[variants.length - 1]!.id;
}
