import { seededUnit } from '../util/hash.ts';
import type { Variant } from './scene-schema.ts';

/**
 * The variant of `experiment` that `subject` (a shopper's anonymous id) sees: chosen by weight from
 * a hash of both, so it is the same on every page and in every tab with nothing stored for it, and
 * independent between experiments.
 */
export function assignVariant(experiment: string, variants: readonly Pick<Variant, 'id' | 'weight'>[], subject: string): string {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let point = seededUnit(0, `${experiment}\u0000${subject}`) * total;
  for (const variant of variants) {
    point -= variant.weight;
    if (point < 0) return variant.id;
  }
  return variants[variants.length - 1]!.id;
}
