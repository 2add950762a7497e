import { isObject } from '../util/check.ts';
import { has } from '../util/own.ts';
import { warnOnce } from '../util/warn.ts';
import { INTENT_SHAPE, RANK_WEIGHTS, type IntentShape, type RankWeights } from './rank.ts';

/**
 * A store's fitted ranking (`shopscene tune`), as a static catalog (`{ "ranking": {…}, "products": […] }`)
 * or a backend's answer carries it: rank()'s weights and the shape of the shopper's intent. Other keys
 * of the block (the related lists' builder options, when and on what it was fitted) are the tools'.
 */
export interface RankingBlock {
  weights?: Partial<RankWeights>;
  intent?: Partial<IntentShape>;
}

/** (Its one message lives here: the module loads only for a catalog or an answer that has a block.) */
const rankingIgnored = (source: string, paths: string[]) =>
  `shopscene: ${source}: ${paths.join(', ')} ignored (a ranking setting is a known name with a number in range, see shopscene tune); the defaults stand for ${paths.length === 1 ? 'it' : 'them'}`;

/** Fractions of the one before: more than 1 would let older items count more than newer ones. */
const AT_MOST_ONE = ['decay', 'reminderDecay'];

/**
 * Reads a ranking block from outside (a catalog, a backend): numbers of known settings in range are
 * kept; anything else is named in one console warning and left at its default. Undefined when there
 * is no block.
 */
export function readRankingBlock(input: unknown, source: string): RankingBlock | undefined {
  if (input === undefined || input === null) return undefined;
  const ignored: string[] = [];
  const block: RankingBlock = {};
  if (!isObject(input)) ignored.push('ranking');
  else {
    for (const [part, defaults] of [
      ['weights', RANK_WEIGHTS],
      ['intent', INTENT_SHAPE],
    ] as const) {
      const given: unknown = (input as Record<string, unknown>)[part];
      if (given === undefined) continue;
      if (!isObject(given)) {
        ignored.push(`ranking.${part}`);
        continue;
      }
      const kept: Record<string, number> = {};
      for (const [key, value] of Object.entries(given)) {
        const usable =
          has(defaults, key) &&
          typeof value === 'number' &&
          value >= (key === 'window' ? 1 : key === 'halfLifeDays' ? 0.01 : 0) &&
          value <= (AT_MOST_ONE.includes(key) ? 1 : 1000);
        if (usable) kept[key] = key === 'window' ? Math.round(value) : value;
        else ignored.push(`ranking.${part}.${key}`);
      }
      block[part] = kept;
    }
  }
  if (ignored.length) warnOnce(rankingIgnored(source, ignored));
  return block;
}
