/** One line of a generated log, as the log reader reads it. */
export interface SyntheticRecord {
  session: string;
  item: string;
  time: number;
  action: 'view' | 'cart';
  category?: string;
  brand?: string;
}
export interface SyntheticLogOptions {
  sessions: number;
  items?: number;
  topics?: number;
  seed?: number;
  /** Share of clicks that go back to an item already viewed in the session. @default 0.25 */
  revisit?: number;
  start?: number;
  /** Mean extra clicks of a visit. @default 5 */
  visitLength?: number;
  /** Give each record a category (its topic) and a brand. @default false */
  categories?: boolean;
  /** Share of clicks to an item that usually follows the current one. @default 0.5 */
  follow?: number;
  /** Share of clicks on the item just viewed, again. @default 0 */
  repeat?: number;
  /** How much a revisit prefers the latest items (0: any earlier item alike). @default 0 */
  recentBias?: number;
}
/** mulberry32: a small fast PRNG; the same seed gives the same numbers. */
export function prng(seed: number): () => number;
/** Yields the log's records session after session. */
export function syntheticLog(options: SyntheticLogOptions): Generator<SyntheticRecord>;
